/**
 * The method panel's webview. It draws the panel, talks to the host only
 * through src/shared/protocol.ts, and renders only what is visible.
 *
 * Stable element ids (the end-to-end tests select on them; keep them):
 *   #app             the panel root (aria-busy until the host's init arrives)
 *   #method          heading with the method's full name; #target the target label
 *   #editor          the request editor host (CodeMirror in its shadow root; `#editor .cm-content`
 *                    is the editable text, aria-label "Request message (JSON)")
 *   #send            Send (unary/server streaming: starts the call; client/bidi: sends the editor's
 *                    message, starting the stream first when none is open). Ctrl/Cmd+Enter in the editor.
 *   #start #end      client and bidi streaming only: open the stream; half-close it
 *   #cancel          cancel the call at any moment
 *   #deadline        deadline in ms (empty = none)
 *   #metadata        metadata rows (.metadata-row > .md-key, .md-value, .md-remove); #add-metadata
 *   #queue           client and bidi: the prepared messages of a .http request (shown only while there are
 *                    some): li.queued.sent / .current / .waiting, click loads one into the editor;
 *                    #queue-title ("Prepared messages · N of M sent"), #queue-send-all, #queue-clear
 *   #status          the state line: #call-state (idle | connecting… | streaming | ended: CODE),
 *                    #counts ("sent N · received M"), #elapsed
 *   #tab-response #tab-timeline #tab-timing   the tab headers
 *   #response        response view: #response-status (#status-code, #status-error), #response-body,
 *                    #response-headers, #response-trailers
 *   #timeline        the virtual list (role listbox); rows are .trow (role option, id row-N,
 *                    class k-sent / k-received / k-headers / k-trailers / k-status …)
 *   #filter-sent #filter-received #filter-other #search #follow #row-count   timeline filters
 *   #message         the selected row's JSON; #message-title its heading
 *   #timing #stats #chart  timing view (stats list and uPlot chart); #timing-received #timing-sent
 *   #stream-latency  server-streaming and bidi, below it in the Timing tab (measured when a call ends, or on
 *                    #latency-measure): bidi only #rtt (Round trip: #pair-order #pair-field radios, #pair-path
 *                    correlation path, #rtt-problem, #rtt-stats "Count3Min…p50…", #rtt-chart uPlot);
 *                    #oneway (One-way delay: #stamp-path, #oneway-problem, #oneway-stats, #oneway-chart)
 *   #export-jsonl #export-csv   export buttons; #save-http Save to .http (what Send would send)
 *   #notice          the last notice from the host (role alert)
 *   #tab-runner      unary, server-streaming and bidi: the latency runner (#runner): #run-total #run-concurrency
 *                    #run-rate #run-duration #run-chain (vscode-textfield; `#id input` is the editable box),
 *                    bidi only #run-mode-calls / #run-mode-stream-pipelined / #run-mode-stream-lockstep,
 *                    #run-start #run-cancel, #run-progress (bar) #run-progress-text, #run-overhead,
 *                    #run-title #run-stats (selected run), #run-histogram #run-over-time (uPlot),
 *                    #runs (kept runs table; rows tr#run-N, cells: run, throughput ×, p50 ×, count, …),
 *                    #run-export-json #run-export-csv #run-copy-ghz #run-copy-k6 #runs-clear
 *   #tab-lab         server-streaming and bidi: the backpressure lab (#lab): #lab-count #lab-size #lab-delay
 *                    #lab-window, #lab-start #lab-pause #lab-resume #lab-stop, #lab-export-json #lab-export-csv,
 *                    #lab-state (counters line, then "Ended: CODE"), #lab-chart (uPlot; live samples, then the
 *                    exact history from the send stamps), #lab-explain (shown from the run's start)
 */
import '@vscode-elements/elements/dist/vscode-button/index.js';
import '@vscode-elements/elements/dist/vscode-checkbox/index.js';
import '@vscode-elements/elements/dist/vscode-radio/index.js';
import '@vscode-elements/elements/dist/vscode-radio-group/index.js';
import '@vscode-elements/elements/dist/vscode-split-layout/index.js';
import '@vscode-elements/elements/dist/vscode-tab-header/index.js';
import '@vscode-elements/elements/dist/vscode-tab-panel/index.js';
import '@vscode-elements/elements/dist/vscode-tabs/index.js';
import '@vscode-elements/elements/dist/vscode-textfield/index.js';
import 'uplot/dist/uPlot.min.css';
import './main.css';
import type { PanelInit } from '../src/shared/protocol';
import { Panel } from './panel';
import { connectToHost } from './host';

let panel: Panel | undefined;

const host = connectToHost((m) => {
  if (m.type === 'init') {
    panel = new Panel(document.getElementById('app')!, m.init as PanelInit, host);
    return;
  }
  panel?.receive(m);
});

// Tell the host we listen; it answers with `init` (and the current call, when the panel was hidden or reloaded).
host.post({ type: 'ready' });
