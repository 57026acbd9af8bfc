"""``chatapp``'s command line: each command gets its options only when named."""

from __future__ import annotations

import json
import subprocess
import sys

import pytest

from chatapp.cli import build_parser, named_command


@pytest.mark.parametrize(
    ("argv", "command"),
    [
        ([], None),
        (["--data-dir", "chat"], None),
        (["--data-dir=/tmp/x", "chat", "--model", "m.gguf"], "chat"),
        (["--model", "bench", "--smoke-test"], None),
        (["--data-dir", "/tmp/x", "models", "list"], "models"),
        (["serve", "--port", "9000"], "serve"),
        (["--", "info"], "info"),
        (["chta"], None),
    ],
)
def test_named_command_skips_the_values_of_top_level_options(argv, command):
    assert named_command(argv) == command


def test_the_named_command_parses_its_options_the_others_stay_listed():
    args = build_parser(["info", "--ctx", "2048"]).parse_args(["info", "--ctx", "2048"])
    assert (args.command, args.ctx) == ("info", 2048)
    window = build_parser([])
    listed = window.format_help()
    for name in ("chat", "models", "info", "gpu", "serve", "bench"):
        assert name in listed
    with pytest.raises(SystemExit):
        window.parse_args(["info", "--ctx", "2048"])  # built for the window: info has no options


def test_a_full_parser_knows_every_command_option():
    parser = build_parser()
    assert parser.parse_args(["chat", "-n", "5"]).sample_len == 5
    assert parser.parse_args(["info", "--json"]).json is True


def test_the_window_parse_imports_no_command_module():
    code = (
        "import json, sys\n"
        "from chatapp.cli import build_parser\n"
        "build_parser([]).parse_args([])\n"
        "print(json.dumps(sorted(m for m in sys.modules if m.startswith(('chatapp', 'jinja2')))))\n"
    )
    out = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, check=True
    ).stdout
    loaded = json.loads(out)
    for module in ("chatapp.cli.chat", "chatapp.cli.models", "chatapp.bench.cli", "jinja2"):
        assert module not in loaded
