"""``chatapp bench``: ChatApp measured against bare llama.cpp, in the same run.

One module per comparison (decode, prompt_reuse, ui_stall, startup, memory, download,
long_chat ...), each with ``run(ctx) -> Row``; :mod:`chatapp.bench.runner` runs them and
writes the JSON and the Markdown table. Only the rows that need Qt import it.
"""
