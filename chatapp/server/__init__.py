"""The OpenAI-compatible HTTP API: other programs use the model ChatApp has loaded.

``LocalApiServer`` (runner.py) serves ``ApiApp`` (app.py) with uvicorn; requests are
checked by ``Guard`` (guard.py) and ``requests.py`` before they become jobs on the shared
``chatapp.core.scheduler.Scheduler``. This package uses the core only (no Qt).
"""
