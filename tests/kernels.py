"""Real Jupyter kernels for tests: start one with its own environment, run code, collect what it shows."""

import contextlib
import os
import textwrap

import jupyter_client


@contextlib.contextmanager
def kernel(**env):
    """A fresh python3 kernel whose environment is ours plus `env`; yields its client."""
    environment = dict(os.environ, **env)
    manager, client = jupyter_client.manager.start_new_kernel(kernel_name="python3", env=environment)
    try:
        yield client
    finally:
        client.stop_channels()
        manager.shutdown_kernel(now=True)


def run(client, code):
    """Execute code; return (streams, results) where streams are (name, text) and results text/plain reprs."""
    msg_id = client.execute(textwrap.dedent(code))
    streams, results = [], []
    while True:
        msg = client.get_iopub_msg(timeout=60)
        if msg["parent_header"].get("msg_id") != msg_id:
            continue
        kind, content = msg["msg_type"], msg["content"]
        if kind == "stream":
            streams.append((content["name"], content["text"]))
        elif kind in ("execute_result", "display_data"):
            results.append(content["data"].get("text/plain", ""))
        elif kind == "error":
            results.append(f"ERROR {content['ename']}: {content['evalue']}")
        elif kind == "status" and content["execution_state"] == "idle":
            return streams, results
