"""The Gradio chat UI (`rag serve`). Only `ui.app` imports gradio; `ui.render`, `ui.handlers` and
`ui.i18n` are plain Python so they can be tested without a browser."""
