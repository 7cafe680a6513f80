/**
 * A uPlot chart that follows its box's size and the VS Code theme (canvas
 * colours are baked in, so a theme change rebuilds it with the last data).
 * The experiments' charts use it; the options come from a function so the
 * theme colours are read again on every rebuild.
 */
import uPlot from 'uplot';

/** A CSS variable of the VS Code theme, or `fallback` outside VS Code. */
export function themeColor(name: string, fallback: string): string {
  return getComputedStyle(document.body).getPropertyValue(name).trim() || fallback;
}

/** Axis styling from the theme. */
export function themedAxis(label: string, extra: Partial<uPlot.Axis> = {}): uPlot.Axis {
  const fg = themeColor('--vscode-foreground', '#ccc');
  const grid = themeColor('--vscode-editorWidget-border', 'rgba(128,128,128,0.3)');
  return { stroke: fg, grid: { stroke: grid, width: 1 }, ticks: { stroke: grid, width: 1 }, label, ...extra };
}

export class ThemedChart {
  private chart: uPlot | undefined;
  private data: uPlot.AlignedData | undefined;

  constructor(
    readonly box: HTMLElement,
    private readonly options: () => Omit<uPlot.Options, 'width' | 'height'>,
  ) {
    new ResizeObserver(() => this.chart?.setSize(this.size())).observe(box);
    new MutationObserver(() => this.rebuild()).observe(document.body, { attributes: true, attributeFilter: ['class'] });
  }

  set(data: uPlot.AlignedData): void {
    this.data = data;
    if (!this.chart) this.chart = new uPlot({ ...this.options(), ...this.size() }, data, this.box);
    else this.chart.setData(data);
  }

  /** Drops the chart so the next `set` builds it with fresh options (e.g. another axis scale). */
  reset(): void {
    this.chart?.destroy();
    this.chart = undefined;
  }

  private size(): { width: number; height: number } {
    // The box's height is fixed in CSS (a height taken from the canvas would grow with every resize);
    // the legend below the plot needs about 56 px of it.
    return { width: Math.max(240, this.box.clientWidth), height: Math.max(120, this.box.clientHeight - 56) };
  }

  private rebuild(): void {
    this.chart?.destroy();
    this.chart = undefined;
    if (this.data) this.set(this.data);
  }
}

/** Axis steps for message numbers: whole numbers only (uPlot would otherwise label 2.1, 2.2… on short streams). */
export const MESSAGE_STEPS = [1, 2, 5, 10, 20, 50, 100, 200, 500, 1e3, 2e3, 5e3, 1e4, 2e4, 5e4, 1e5, 1e6, 1e7];
