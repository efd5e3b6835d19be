// mermaid-check.mjs FILE... reads every ```mermaid block of each Markdown
// FILE with Mermaid itself — the npm package "mermaid", under jsdom for the
// DOM it expects — and prints one JSON line per block: what Mermaid
// understood (gantt: sections and task names; flowchart: nodes with their
// text, edges, subgraphs), or the parse error. A gantt is also compiled
// (its task dates worked out), which catches task lines Mermaid misread.
// NODE_PATH must name a folder where mermaid and jsdom are installed.
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';

const require = createRequire(process.env.NODE_PATH.split(':')[0] + '/');
const { JSDOM } = require('jsdom');
const dom = new JSDOM('<!doctype html><html><body></body></html>', { pretendToBeVisual: true });
globalThis.window = dom.window;
globalThis.document = dom.window.document;
const mermaid = (await import(require.resolve('mermaid'))).default;
mermaid.initialize({ startOnLoad: false });

// Mermaid keeps "#quot;"-style codes as placeholders until it draws; undo them.
const decode = s => s.replace(/ﬂ°°(\d+)¶ß/g, (_, n) => String.fromCharCode(Number(n)))
  .replace(/ﬂ°(\w+)¶ß/g, (_, n) => ({ quot: '"', amp: '&', lt: '<', gt: '>', num: '#' })[n] ?? `&${n};`);

for (const file of process.argv.slice(2)) {
  const text = readFileSync(file, 'utf8');
  const blocks = [...text.matchAll(/^```mermaid\n([\s\S]*?)^```$/gm)].map(m => m[1]);
  for (const [i, block] of blocks.entries()) {
    const out = { file, block: i + 1, size: block.length };
    try {
      await mermaid.parse(block);
      const d = await mermaid.mermaidAPI.getDiagramFromText(block);
      out.type = d.type;
      if (d.type === 'gantt') {
        out.tasks = d.db.getTasks().map(t => [decode(t.section), decode(t.task.trim()), Boolean(t.milestone)]);
      } else {
        const v = d.db.getVertices();
        out.nodes = [...(v instanceof Map ? v.values() : Object.values(v))].map(n => [n.id, decode(n.text)]);
        out.edges = d.db.getEdges().length;
        out.subgraphs = d.db.getSubGraphs().map(s => [s.id, decode(s.title)]);
      }
    } catch (e) {
      out.error = String(e.message || e).split('\n').slice(0, 4).join(' | ');
    }
    console.log(JSON.stringify(out));
  }
}
