/**
 * The bench runner moved to the core (src/core/experiments), where the method
 * panel's latency runner uses it too. These names stay for the CLI's code.
 */
export {
  runLoad as runBench,
  type LoadPlan as BenchPlan,
  type LoadCall as BenchCall,
  type LoadCallResult as BenchCallResult,
  type RunResult as BenchResult,
} from '../core/experiments';
