// The playground's JavaScript half: load Python and Graphviz from this folder, then
// hand the editor's code to playground.py and put what it returns on the page.
// All the lessons' work (values, gradients, drawings) happens in Python.

import { loadPyodide } from "./pyodide/pyodide.mjs";
import { instance } from "./graphviz/viz.js";

const $ = (id) => document.getElementById(id);
let playground = null; // the Python module playground.py
let frameIndex = 0;

function say(text) {
  $("status").textContent = text;
}

async function start() {
  const started = performance.now();
  // chalkgrad and graphviz (DOT text) are wheels listed in pyodide/pyodide-lock.json.
  const [pyodide, graphviz] = await Promise.all([loadPyodide({ packages: ["chalkgrad"] }), instance()]);
  globalThis.chalkgradGraphviz = graphviz; // what viz/render/browser.py renders with
  pyodide.FS.writeFile("playground.py", await (await fetch("playground.py")).text());
  playground = pyodide.pyimport("playground");

  const examples = await (await fetch("examples.json")).json();
  for (const example of examples) $("examples").add(new Option(example.title));
  $("examples").onchange = () => { $("code").value = examples[$("examples").selectedIndex].code; };
  $("examples").onchange();

  const seconds = ((performance.now() - started) / 1000).toFixed(1);
  document.body.dataset.loadSeconds = seconds;
  say(`Ready (loaded in ${seconds} s).`);
  $("run").disabled = false;
  document.body.dataset.state = "ready";
}

function run() {
  const started = performance.now();
  const shown = playground.run($("code").value).toJs({ dict_converter: Object.fromEntries });
  $("output").textContent = shown.output + shown.error;
  $("output").classList.toggle("error", shown.error !== "");
  $("graph").innerHTML = shown.graph;
  $("table").innerHTML = shown.table;
  showFrame(shown.steps ? 0 : null);
  const seconds = ((performance.now() - started) / 1000).toFixed(2);
  document.body.dataset.runSeconds = seconds;
  say(`Ran in ${seconds} s.`);
  document.body.dataset.state = "ran";
}

function showFrame(index) {
  $("previous").disabled = $("next").disabled = index === null;
  if (index === null) {
    $("counter").textContent = $("caption").textContent = $("frame").innerHTML = "";
    return;
  }
  const frame = playground.frame(index).toJs({ dict_converter: Object.fromEntries });
  frameIndex = frame.index;
  $("counter").textContent = `${frame.index} / ${frame.last}`;
  $("caption").textContent = frame.caption;
  $("frame").innerHTML = frame.svg;
}

$("run").onclick = run;
$("previous").onclick = () => showFrame(frameIndex - 1);
$("next").onclick = () => showFrame(frameIndex + 1);
$("code").onkeydown = (event) => {
  if (event.key === "Enter" && (event.ctrlKey || event.metaKey)) {
    event.preventDefault();
    run();
  } else if (event.key === "Tab") { // indent with four spaces instead of leaving the editor
    event.preventDefault();
    event.target.setRangeText("    ", event.target.selectionStart, event.target.selectionEnd, "end");
  }
};

start().catch((error) => {
  say(`Could not start: ${error}`);
  document.body.dataset.state = "failed";
});
