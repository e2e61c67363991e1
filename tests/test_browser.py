"""The widgets in a real browser: JupyterLab on 127.0.0.1, driven by headless Chromium through Playwright.

Opens a notebook, runs all cells, checks that the widgets render, drags a slider and checks the
output changes, draws a stroke on the canvas and checks a prediction appears. Screenshots go to
test-artifacts/. Needs Debian's chromium at /usr/bin/chromium (`apt-get install -y chromium`)
and the playwright Python package; skipped with the reason otherwise.
"""

import json
import os
import re
import secrets
import shutil
import socket
import subprocess
import sys
import time
import urllib.parse
import urllib.request
from pathlib import Path

import nbformat
import pytest

ROOT = Path(__file__).resolve().parent.parent
CHROMIUM = Path("/usr/bin/chromium")
ARTIFACTS = ROOT / "test-artifacts"
LESSON = ROOT / "lessons" / "06_evaluation.ipynb"
SMALL_NOTEBOOK = ROOT / "tests" / "notebooks" / "browser_widgets.ipynb"
DASHBOARD_NOTEBOOK = ROOT / "tests" / "notebooks" / "browser_dashboard.ipynb"
GRAPH_LESSON = ROOT / "lessons" / "04_backprop.ipynb"
CHROMIUM_ARGS = ["--no-sandbox", "--disable-gpu", "--disable-background-networking",
                 "--disable-component-update", "--no-first-run", "--disable-sync"]
# Render every cell (no virtual scrolling) and never ask about news or updates.
LAB_SETTINGS = {
    "@jupyterlab/notebook-extension/tracker.jupyterlab-settings": {"windowingMode": "none"},
    "@jupyterlab/apputils-extension/notification.jupyterlab-settings": {
        "fetchNews": "false", "checkForUpdates": False},
}

sync_api = pytest.importorskip(
    "playwright.sync_api", reason="playwright is not installed: pip install -e '.[test]'")
pytestmark = [
    pytest.mark.skipif(not CHROMIUM.exists(), reason=(
        f"{CHROMIUM} not found: install Debian's chromium (`apt-get install -y chromium`) to run the browser "
        "test; Playwright's own browser download is not used.")),
    pytest.mark.timeout(600),
]


def notebook_under_test():
    """The evaluation lesson when it has a slider widget and the canvas, else the small test notebook."""
    if LESSON.exists():
        source = "\n".join(cell.source for cell in nbformat.read(LESSON, as_version=4).cells)
        if "draw_digit(" in source and ("digit_browser(" in source or "example_explorer(" in source):
            return LESSON
    return SMALL_NOTEBOOK


def free_port():
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def serve(home, app):
    """`jupyter <app>` (lab or notebook) on 127.0.0.1 over copies of the notebooks; yields (url, token)."""
    root = home / "root"
    root.mkdir()
    for notebook in {notebook_under_test(), GRAPH_LESSON, *SMALL_NOTEBOOK.parent.glob("*.ipynb")}:
        shutil.copy(notebook, root / notebook.name)
    settings = home / "settings"
    for name, values in LAB_SETTINGS.items():
        path = settings / name
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(json.dumps(values))
    port, token = free_port(), secrets.token_hex(16)
    # A progress store of its own: answers kept by whoever ran checks before must not reach these kernels.
    env = {**os.environ, "JUPYTER_CONFIG_DIR": str(home / "config"), "JUPYTER_DATA_DIR": str(home / "data"),
           "JUPYTER_RUNTIME_DIR": str(home / "runtime"), "OPENBLAS_NUM_THREADS": "1",
           "MNIST_FROM_SCRATCH_PROGRESS": str(home / "progress.sqlite3")}
    app_class = {"lab": "LabApp", "notebook": "JupyterNotebookApp"}[app]
    log = open(home / "server.log", "w")  # noqa: SIM115 (closed below, after the server stops)
    server = subprocess.Popen(
        [sys.executable, "-m", "jupyter", app, "--no-browser", "--ServerApp.ip=127.0.0.1", "--allow-root",
         f"--ServerApp.port={port}", "--ServerApp.port_retries=0", f"--IdentityProvider.token={token}",
         f"--ServerApp.root_dir={root}", f"--{app_class}.user_settings_dir={settings}",
         f"--{app_class}.workspaces_dir={home / 'workspaces'}"],
        cwd=root, env=env, stdout=log, stderr=subprocess.STDOUT,
    )
    base = f"http://127.0.0.1:{port}"
    try:
        deadline = time.monotonic() + 90
        while True:
            try:
                status = urllib.request.Request(f"{base}/api/status",
                                                headers={"Authorization": f"token {token}"})
                urllib.request.urlopen(status, timeout=2).read()
                break
            except OSError:
                if server.poll() is not None or time.monotonic() > deadline:
                    pytest.fail(f"jupyter {app} did not start:\n" + (home / "server.log").read_text()[-3000:])
                time.sleep(0.5)
        yield base, token
    finally:
        server.terminate()
        try:
            server.wait(timeout=20)
        except subprocess.TimeoutExpired:
            server.kill()
        log.close()


@pytest.fixture(scope="module")
def lab(tmp_path_factory):
    """A JupyterLab server; yields (base url, token)."""
    yield from serve(tmp_path_factory.mktemp("lab"), "lab")


@pytest.fixture(scope="module")
def notebook7(tmp_path_factory):
    """A Jupyter Notebook 7 server; yields (base url, token)."""
    pytest.importorskip("notebook", minversion="7", reason="Notebook 7 is missing: pip install -e '.[test]'")
    yield from serve(tmp_path_factory.mktemp("notebook7"), "notebook")


@pytest.fixture(scope="module")
def chromium():
    ARTIFACTS.mkdir(exist_ok=True)
    with sync_api.sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=str(CHROMIUM), args=CHROMIUM_ARGS, headless=True)
        yield browser
        browser.close()


def open_notebook(chromium, lab, name):
    """A new page showing notebook `name` with its kernel started and idle."""
    base, token = lab
    page = chromium.new_page(viewport={"width": 1400, "height": 1000})
    # One workspace per notebook, reset, so that no other notebook is open in the page.
    page.goto(f"{base}/lab/workspaces/{Path(name).stem}/tree/{name}?reset&token={token}")
    page.wait_for_selector(".jp-Notebook .jp-Cell", timeout=90_000)
    # The kernel has started when the status bar names it and says Idle.
    page.wait_for_function(
        "() => /\\| Idle/.test(document.body.innerText)"
        " && !document.body.innerText.includes('No Kernel')",
        timeout=90_000)
    return page


def run_all_cells(page):
    page.locator(".lm-MenuBar-itemLabel", has_text="Run").first.click()
    page.get_by_role("menuitem", name="Run All Cells", exact=True).click()
    # Every code cell gets an execution count, and no cell is left running ("[*]").
    page.wait_for_function(
        """() => {
            const prompts = [...document.querySelectorAll('.jp-CodeCell .jp-InputArea-prompt')];
            return prompts.length > 0 && prompts.every(p => /\\[\\d+\\]/.test(p.textContent));
        }""",
        timeout=int(os.environ.get('BROWSER_TEST_RUN_TIMEOUT', 300)) * 1000,
    )


def run_all_and_check_rendering(page, name):
    """Run every cell, wait for the widgets to render, and fail on widget errors or stderr output."""
    try:
        run_all_cells(page)
        page.wait_for_function(
            "() => !document.body.innerText.includes('Loading widget...')", timeout=60_000)
    except sync_api.Error:
        page.screenshot(path=ARTIFACTS / f"browser-failed-{Path(name).stem}.png")
        raise
    text = page.locator(".jp-Notebook").inner_text()
    assert "Error displaying widget" not in text
    errors = page.locator(".jp-OutputArea-output[data-mime-type='application/vnd.jupyter.stderr']")
    assert errors.count() == 0, f"a cell of {name} wrote to stderr:\n" + "\n".join(errors.all_inner_texts())


def drag_a_slider_and_see_the_caption_change(page):
    """Drag the slider of the first digit browser or example explorer; returns it once its caption changed."""
    caption = page.locator(".widget-html").filter(has_text=re.compile(r"Example \d+: label")).first
    browser_widget = page.locator(".widget-vbox").filter(has=caption).last
    browser_widget.scroll_into_view_if_needed()
    before = caption.inner_text()
    handle = browser_widget.locator(".widget-slider .noUi-handle").first
    box = handle.bounding_box()
    page.mouse.move(box["x"] + box["width"] / 2, box["y"] + box["height"] / 2)
    page.mouse.down()
    page.mouse.move(box["x"] + 150, box["y"] + box["height"] / 2, steps=10)
    page.mouse.up()
    page.wait_for_function(
        "([element, before]) => element.innerText !== before", arg=[caption.element_handle(), before],
        timeout=20_000)
    assert caption.inner_text() != before
    return browser_widget


def draw_a_seven_and_see_a_prediction(page):
    """Draw a "7" on the first canvas; returns the drawing widget once it shows a prediction."""
    canvas = page.locator("canvas.mnist-draw-canvas").first
    canvas.scroll_into_view_if_needed()
    box = canvas.bounding_box()
    points = [(0.3, 0.25), (0.72, 0.25), (0.6, 0.45), (0.5, 0.65), (0.45, 0.82)]
    page.mouse.move(box["x"] + points[0][0] * box["width"], box["y"] + points[0][1] * box["height"])
    page.mouse.down()
    for x, y in points[1:]:
        page.mouse.move(box["x"] + x * box["width"], box["y"] + y * box["height"], steps=8)
    page.mouse.up()
    drawer = page.locator(".widget-vbox", has=canvas).last
    prediction = drawer.locator(".mnist-draw-prediction")
    prediction.wait_for(timeout=20_000)
    assert "The network thinks this is a" in prediction.inner_text()
    return drawer


def test_widgets_render_respond_to_a_slider_and_predict_a_drawing(chromium, lab):
    name = notebook_under_test().name
    page = open_notebook(chromium, lab, name)
    run_all_and_check_rendering(page, name)
    page.wait_for_selector("canvas.mnist-draw-canvas", timeout=60_000)
    page.screenshot(path=ARTIFACTS / "browser-1-after-run-all.png")

    browser_widget = drag_a_slider_and_see_the_caption_change(page)
    browser_widget.screenshot(path=ARTIFACTS / "browser-2-slider-moved.png")

    drawer = draw_a_seven_and_see_a_prediction(page)
    drawer.screenshot(path=ARTIFACTS / "browser-3-drawn-digit.png")
    page.screenshot(path=ARTIFACTS / "browser-4-page.png")
    page.close()


def test_lesson_4s_computation_graph_redraws_when_a_slider_moves(chromium, lab):
    page = open_notebook(chromium, lab, GRAPH_LESSON.name)
    run_all_and_check_rendering(page, GRAPH_LESSON.name)
    label_b = page.locator(".widget-label", has_text=re.compile(r"^b$"))
    graph = page.locator(".widget-vbox").filter(has=label_b).last
    graph.scroll_into_view_if_needed()
    image = graph.locator("img").first
    before = image.get_attribute("src")
    graph.locator(".widget-slider").nth(2).locator(".noUi-handle").focus()  # the slider of b
    for _ in range(20):
        page.keyboard.press("ArrowLeft")
    page.wait_for_function("([img, before]) => img.src !== before", arg=[image.element_handle(), before],
                           timeout=20_000)
    graph.screenshot(path=ARTIFACTS / "browser-5-computation-graph.png")
    page.close()


def test_dashboard_trains_live_in_the_background_and_stops(chromium, lab):
    """Training runs in a thread: progress reaches the browser while it runs, and Stop is handled."""
    name = DASHBOARD_NOTEBOOK.name
    page = open_notebook(chromium, lab, name)
    run_all_and_check_rendering(page, name)
    page.get_by_role("button", name="Train").click()
    status = page.locator(".widget-html", has_text=re.compile(r"Training\.\.\. step \d+ of")).first
    status.wait_for(timeout=30_000)
    seen = set()
    deadline = time.monotonic() + 30
    while len(seen) < 3 and time.monotonic() < deadline:
        text = status.inner_text()
        if "step" in text:
            seen.add(text)
        time.sleep(0.2)
    assert len(seen) >= 3, f"the page saw too few live updates while training: {seen}"
    page.screenshot(path=ARTIFACTS / "browser-5-dashboard-training.png")
    page.get_by_role("button", name="Stop").click()
    page.locator(".widget-html", has_text="Stopped after").wait_for(timeout=30_000)
    page.screenshot(path=ARTIFACTS / "browser-6-dashboard-stopped.png")
    page.close()


def test_notebook_7_renders_the_widgets_and_the_canvas(chromium, notebook7):
    """Jupyter Notebook 7, where classic-notebook users should move, shows the slider and the canvas."""
    base, token = notebook7
    name = SMALL_NOTEBOOK.name
    page = chromium.new_page(viewport={"width": 1400, "height": 1000})
    page.goto(f"{base}/notebooks/{name}?token={token}")
    page.wait_for_selector(".jp-Notebook .jp-Cell", timeout=90_000)
    run_all_and_check_rendering(page, name)
    page.wait_for_selector("canvas.mnist-draw-canvas", timeout=60_000)
    drag_a_slider_and_see_the_caption_change(page)
    draw_a_seven_and_see_a_prediction(page)
    page.screenshot(path=ARTIFACTS / "browser-7-notebook7.png")
    page.close()


def test_an_nbgitpuller_link_hands_out_the_lessons(chromium, lab, tmp_path):
    """The README's hub link, on a server with nbgitpuller: the course is cloned and lesson 0 opens."""
    pytest.importorskip("nbgitpuller", reason="nbgitpuller is not installed: pip install -e '.[test]'")
    readme = (ROOT / "README.md").read_text()
    link = re.search(r"https://YOUR-HUB/hub/user-redirect/git-pull\?(\S+)", readme).group(1)
    query = dict(urllib.parse.parse_qsl(link))
    origin = tmp_path / "course"  # a bare copy named as the repository in the link: the folder it makes
    subprocess.run(["git", "clone", "--quiet", "--bare", str(ROOT), str(origin)], check=True)
    subprocess.run(["git", "-C", str(origin), "branch", "--force", query["branch"], "HEAD"], check=True)
    query["repo"] = origin.as_uri()
    base, token = lab
    page = chromium.new_page(viewport={"width": 1400, "height": 1000})
    # A hub's /hub/user-redirect/ leads to the user's own server, which is `base` here.
    page.goto(f"{base}/git-pull?{urllib.parse.urlencode({**query, 'token': token})}")
    page.wait_for_url(re.compile(re.escape(query["urlpath"])), timeout=90_000)
    try:
        page.wait_for_selector(".jp-Notebook .jp-Cell", timeout=90_000)
    except sync_api.Error:
        page.screenshot(path=ARTIFACTS / "browser-failed-nbgitpuller.png")
        raise
    # Markdown cells render after the code cells: wait for lesson 0's title.
    page.wait_for_function(
        "() => [...document.querySelectorAll('.jp-Notebook')].some(n => n.innerText.includes('Lesson 0'))",
        timeout=60_000)
    page.screenshot(path=ARTIFACTS / "browser-8-nbgitpuller.png")
    page.close()
