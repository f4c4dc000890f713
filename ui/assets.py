"""The page's CSS and the small script that makes citations, copy and delete buttons work."""

from __future__ import annotations

CSS = """
.gradio-container { max-width: 1500px !important; }
#topbar { align-items: center; flex-wrap: nowrap; gap: 8px; }
#header h1 { font-size: 1.35rem; margin: 0; line-height: 1.3; }
#header .subtitle { color: #4b5563; margin: 2px 0 0 0; font-size: 0.92rem; }
#ui-lang { flex: 0 0 auto !important; padding: 4px !important; }
#ui-lang .wrap { flex-wrap: nowrap !important; gap: 4px !important; }
#ui-lang label { padding: 4px 8px !important; }
#chatbot .icon-button-wrapper.top-panel { display: none !important; }  /* one "new chat" button clears everything */
#welcome { min-height: calc(100dvh - 300px); justify-content: center; border: 1px dashed #d1d5db;
           border-radius: 12px; padding: 16px; }
#welcome .welcome-text { font-size: 1.02rem; color: #374151; }
.example-btn { white-space: normal !important; text-align: left !important; justify-content: flex-start !important; }
#composer { align-items: flex-end; gap: 8px; flex-wrap: nowrap !important; }
#composer #question { flex: 1 1 auto !important; min-width: 0 !important; }
#composer #ask-btn { flex: 0 0 auto !important; min-width: 72px !important; }
#chat-tools { align-items: center; }
.filter-note { color: #6b7280; font-size: 0.85em; }
.answer { line-height: 1.7; }
button.cite-marker { color: #1d4ed8; font-weight: 700; font-size: 0.8em; vertical-align: super; margin: 0 1px;
                     padding: 0 2px; border: 0; background: #dbeafe; border-radius: 4px; cursor: pointer; }
button.cite-marker:hover, button.cite-marker:focus { background: #bfdbfe; outline: 2px solid #60a5fa; }
.thinking, .queued { color: #6b7280; font-style: italic; }
.queued::before { content: "⏳ "; }
.draft-label { color: #6b7280; font-style: italic; font-size: 0.85em; margin-bottom: 4px; }
.draft { color: #4b5563; white-space: pre-wrap; border-left: 3px dashed #9ca3af; padding-left: 8px; }
details.removed { margin: 6px 0; font-size: 0.88em; color: #6b7280; }
details.removed del { color: #991b1b; }
details.removed .removed-why { color: #6b7280; font-style: italic; }
.ref-lead { margin-bottom: 6px; }
.answer-note { margin: 6px 0; padding: 4px 8px; border-left: 3px solid #d97706; background: #fffbeb; font-size: 0.92em; }
button.ref-open { font-weight: 600; color: #1e3a8a; background: #eff6ff; border: 1px solid #bfdbfe;
                  border-radius: 6px; padding: 2px 8px; cursor: pointer; text-align: left; }
ol.msg-sources { list-style: none; margin: 8px 0 0 0; padding: 0; font-size: 0.85em; }
ol.msg-sources li { margin: 2px 0; }
button.source-chip, button.suggestion { border: 0; background: none; color: #1e40af; cursor: pointer; padding: 0;
                                        text-align: left; font: inherit; }
button.source-chip:hover, button.suggestion:hover { text-decoration: underline; }
.copy-src { display: none; }
button.copy-answer.done::after { content: " ✓"; color: #16a34a; }
button.copy-answer { margin-top: 6px; font-size: 0.8em; color: #4b5563; background: #f3f4f6;
                     border: 1px solid #d1d5db; border-radius: 6px; padding: 1px 8px; cursor: pointer; }
.not-found { border: 1px solid #f59e0b; border-left: 6px solid #d97706; background: #fffbeb; color: #78350f;
             padding: 10px 14px; border-radius: 8px; }
.not-found strong { display: block; margin-bottom: 4px; }
.not-found .maybe { margin-top: 6px; font-weight: 600; }
.not-found ul { margin: 4px 0 0 18px; padding: 0; }
.rag-error, .upload-error { border-left: 6px solid #dc2626; background: #fef2f2; color: #7f1d1d;
                            padding: 8px 12px; border-radius: 8px; }
.upload-ok { border-left: 6px solid #16a34a; background: #f0fdf4; color: #14532d; padding: 8px 12px;
             border-radius: 8px; }
.citation-card { border: 1px solid #d1d5db; border-radius: 8px; padding: 8px 12px; margin-bottom: 8px;
                 background: #f9fafb; color: #111827; cursor: pointer; }
.citation-card:hover, .citation-card:focus { border-color: #60a5fa; background: #eff6ff; }
.cite-n { color: #1d4ed8; font-weight: 700; }
.cite-title { font-weight: 600; }
.cite-docno { color: #374151; background: #e5e7eb; border-radius: 4px; padding: 0 6px; margin-left: 4px;
              font-size: 0.9em; white-space: nowrap; }
.cite-path { font-family: ui-monospace, monospace; color: #1e3a8a; background: #dbeafe; border-radius: 4px;
             padding: 0 4px; }
.cite-heading { font-weight: 600; }
.cite-page { color: #374151; font-size: 0.9em; white-space: nowrap; margin-right: 4px; }
.cite-quote { margin: 6px 0 0 0; padding-left: 10px; border-left: 3px solid #93c5fd; color: #374151; }
.origin { font-size: 0.78em; border-radius: 10px; padding: 0 7px; white-space: nowrap; border: 1px solid; }
.origin-shipped { color: #065f46; border-color: #6ee7b7; background: #ecfdf5; }
.origin-operator { color: #1e40af; border-color: #93c5fd; background: #eff6ff; }
.origin-upload { color: #92400e; border-color: #fcd34d; background: #fffbeb; }
.clash { font-size: 0.78em; color: #991b1b; background: #fee2e2; border-radius: 10px; padding: 0 7px; }
.clause-context { border: 1px solid #d1d5db; border-radius: 8px; padding: 10px 12px; background: #fff;
                  color: #111827; }
.panel-head { display: flex; justify-content: space-between; align-items: center; margin-bottom: 4px; }
.panel-title { font-weight: 700; color: #1d4ed8; }
button.panel-close { border: 0; background: none; font-size: 1.4em; line-height: 1; cursor: pointer; color: #6b7280; }
.context-doc { margin-bottom: 8px; }
.ref-line { font-weight: 600; }
.doc-id { color: #6b7280; font-size: 0.8em; font-family: ui-monospace, monospace; }
.clause-prev, .clause-next { color: #6b7280; font-size: 0.92em; padding: 6px 10px; border-left: 3px solid #e5e7eb; }
.clause-focus { padding: 8px 10px; margin: 6px 0; border-left: 5px solid #2563eb; background: #eff6ff;
                border-radius: 4px; }
.clause-caption { font-size: 0.8em; text-transform: uppercase; letter-spacing: 0.03em; color: #9ca3af; }
.clause-text { white-space: normal; line-height: 1.7; }
.clause-context mark { background: #fde68a; color: inherit; padding: 0 1px; border-radius: 2px; }
.sources-empty, .context-empty { color: #6b7280; font-style: italic; }
table.corpus { width: 100%; border-collapse: collapse; font-size: 0.9em; }
table.corpus td, table.corpus th { border-bottom: 1px solid #e5e7eb; padding: 4px 6px; text-align: left; }
button.doc-delete { color: #991b1b; border: 1px solid #fca5a5; background: #fef2f2; border-radius: 6px;
                    padding: 1px 8px; cursor: pointer; }
.offscreen { position: absolute !important; left: -10000px !important; width: 1px !important; height: 1px !important;
             overflow: hidden !important; }
@media (min-width: 769px) {
  #side { position: sticky; top: 8px; align-self: flex-start; max-height: calc(100dvh - 16px); overflow-y: auto; }
}
@media (max-width: 768px) {
  .gradio-container { padding: 4px 6px !important; }
  #header h1 { font-size: 1.02rem; white-space: nowrap; overflow: hidden; text-overflow: ellipsis; }
  #header .subtitle { display: none; }
  #header { min-width: 0 !important; flex: 1 1 auto !important; }
  #ui-lang { min-width: 0 !important; }
  #ui-lang .label-wrap, #ui-lang > span, #ui-lang [data-testid="block-info"] { display: none; }
  #welcome { min-height: 0; padding: 8px; }
  #welcome .welcome-examples { max-height: 30dvh; overflow-y: auto; }
}
"""

# rules that depend on <body>'s class: gradio scopes `css` under .gradio-container, so they go in <head>
SHEET = """
<style>
@media (max-width: 768px) {
  #clause-panel { display: none; }
  body.panel-open #clause-panel { display: block; position: fixed; left: 0; right: 0; bottom: 0; z-index: 1000;
    max-height: 72dvh; overflow-y: auto; background: #fff; box-shadow: 0 -6px 24px rgba(0,0,0,.3);
    border-radius: 14px 14px 0 0; padding: 6px; }
}
</style>
"""

# document-level script (launch(head=…)): clicks on [data-ref] elements open the clause; copy and delete
HEAD = SHEET + """
<script>
(() => {
  const send = (box, button, value) => {
    const input = document.querySelector(`#${box} textarea, #${box} input`);
    const btn = document.querySelector(`#${button}`);
    if (!input || !btn) return false;
    const proto = Object.getPrototypeOf(input);
    Object.getOwnPropertyDescriptor(proto, 'value').set.call(input, `${value}:${Date.now()}`);
    input.dispatchEvent(new Event('input', {bubbles: true}));
    setTimeout(() => btn.click(), 40);
    return true;
  };
  const copyText = async (text) => {
    try { await navigator.clipboard.writeText(text); return true; } catch (e) {
      const area = document.createElement('textarea');
      area.value = text; document.body.appendChild(area); area.select();
      const ok = document.execCommand('copy'); area.remove(); return ok;
    }
  };
  const activate = (target, ev) => {
    const ref = target.closest('.cref');
    if (ref) {
      ev.preventDefault();
      const value = [...ref.classList].find((c) => c.startsWith('ref-')).slice(4);
      document.body.classList.add('panel-open');
      window.__lastRef = value;
      send('open-ref', 'open-ref-btn', value);
      return;
    }
    if (target.closest('.panel-close')) { document.body.classList.remove('panel-open'); return; }
    const copy = target.closest('.copy-answer');
    if (copy) {
      ev.preventDefault();
      const text = copy.querySelector('.copy-src').textContent;
      window.__copied = text;
      copyText(text).then(() => {
        copy.classList.add('done');
        setTimeout(() => copy.classList.remove('done'), 1200);
      });
      return;
    }
    const del = target.closest('.doc-delete');
    if (del) {
      ev.preventDefault();
      send('delete-ref', 'delete-btn', [...del.classList].find((c) => c.startsWith('del-')).slice(4));
    }
  };
  document.addEventListener('click', (ev) => activate(ev.target, ev));
  document.addEventListener('keydown', (ev) => {
    if ((ev.key === 'Enter' || ev.key === ' ') && ev.target.closest && ev.target.closest('.cref')) {
      activate(ev.target, ev);
    }
  });
  // bring an opened clause into view (inside the sticky panel, or the sheet on a phone)
  new MutationObserver((records) => {
    for (const r of records) {
      for (const node of r.addedNodes) {
        if (node.nodeType !== 1) continue;
        const focus = node.matches('.clause-focus') ? node : node.querySelector && node.querySelector('#clause-panel .clause-focus');
        if (focus && focus.closest('#clause-panel')) {
          const panel = focus.closest('#clause-panel');
          panel.scrollIntoView({block: 'nearest'});
          focus.scrollIntoView({block: 'nearest'});
          return;
        }
      }
    }
  }).observe(document.documentElement, {childList: true, subtree: true});
})();
</script>
"""
