"""The HTTP service: answer API, OpenAI-compatible endpoint and the chat widget."""
