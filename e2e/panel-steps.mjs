// Steps inside the method panel (a webview). Filled in against the panel's element ids.
export async function sendUnary() {
  throw new Error('method panel steps not written yet');
}
export async function unaryScenario() {
  throw new Error('method panel steps not written yet');
}
export async function bidiScenario() {
  throw new Error('method panel steps not written yet');
}
