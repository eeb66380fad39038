"""End to end: the real app (`streamlit run`) over the real library, driven in headless Chromium.

Asks a question, waits for the answer and its sources, opens the first source and saves a
screenshot to artifacts/app-answer.png. Chromium and chromedriver are Debian's (`make browser`).
"""

from __future__ import annotations

import os
import shutil
import signal
import socket
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

import pytest

from caselearn.settings import PROJECT_ROOT
from ingest.catalog import Catalog

pytestmark = pytest.mark.integration

CHROMIUM = Path("/usr/bin/chromium")
CHROMEDRIVER = Path("/usr/bin/chromedriver")
SCREENSHOT = PROJECT_ROOT / "artifacts" / "app-answer.png"
QUESTION = "What did the reviews say about fathers and men in the household?"
CHROME_FLAGS = (
    "--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
    "--disable-background-networking", "--disable-component-update", "--disable-sync",
    "--disable-dev-shm-usage", "--window-size=1400,2200",
)  # fmt: skip


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def _wait_healthy(url: str, proc: subprocess.Popen, timeout: float = 90) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if proc.poll() is not None:
            raise AssertionError(f"streamlit exited with {proc.returncode}")
        try:
            with urllib.request.urlopen(f"{url}/_stcore/health", timeout=2) as r:
                if r.read().strip() == b"ok":
                    return
        except OSError:
            time.sleep(0.5)
    raise AssertionError(f"streamlit did not become healthy at {url} in {timeout} s")


@pytest.fixture
def app_server(real_library, tmp_path):
    """`streamlit run streamlit_app.py` on a free loopback port, over the real library."""
    port = _free_port()
    env = {
        **os.environ,
        "CASELEARN_DATA_DIR": str(Path(real_library.data_dir).resolve()),
        "CASELEARN_CORPUS_DIR": str(Path(real_library.corpus_dir).resolve()),
        "CASELEARN_EMBEDDING__BACKEND": "sentence-transformers",
        "CASELEARN_STORE__BACKEND": "embedded",
        "CASELEARN_LLM__BASE_URL": "http://127.0.0.1:9/v1",  # no LLM: extractive, no toggle
        "HF_HUB_OFFLINE": "1",
        "TRANSFORMERS_OFFLINE": "1",
        "ANONYMIZED_TELEMETRY": "False",
    }
    log = (tmp_path / "streamlit.log").open("w")
    cmd = [sys.executable, "-m", "streamlit", "run", str(PROJECT_ROOT / "streamlit_app.py"),
           "--server.headless", "true", "--browser.gatherUsageStats", "false",
           "--server.address", "127.0.0.1", "--server.port", str(port),
           "--server.fileWatcherType", "none"]  # fmt: skip
    proc = subprocess.Popen(cmd, cwd=PROJECT_ROOT, env=env, stdout=log, stderr=subprocess.STDOUT,
                            stdin=subprocess.DEVNULL, start_new_session=True)  # fmt: skip
    url = f"http://127.0.0.1:{port}"
    try:
        _wait_healthy(url, proc)
        yield url
    finally:
        os.killpg(proc.pid, signal.SIGTERM)
        try:
            proc.wait(timeout=20)
        except subprocess.TimeoutExpired:
            os.killpg(proc.pid, signal.SIGKILL)
            proc.wait()
        log.close()
        print((tmp_path / "streamlit.log").read_text()[-3000:])


@pytest.fixture
def browser(tmp_path):
    if not (CHROMIUM.exists() and CHROMEDRIVER.exists()):
        if os.environ.get("CI"):
            pytest.fail("chromium and chromium-driver are missing: `make browser` installs them")
        pytest.skip("needs Debian's chromium and chromium-driver (`make browser`)")
    webdriver = pytest.importorskip("selenium.webdriver")
    from selenium.webdriver.chrome.service import Service

    options = webdriver.ChromeOptions()
    options.binary_location = str(CHROMIUM)
    for flag in CHROME_FLAGS:
        options.add_argument(flag)
    profile = tmp_path / "chromium-profile"
    profile.mkdir()
    options.add_argument(f"--user-data-dir={profile}")
    driver = webdriver.Chrome(service=Service(executable_path=str(CHROMEDRIVER)), options=options)
    try:
        yield driver
    finally:
        driver.quit()
        shutil.rmtree(profile, ignore_errors=True)


def test_app_browser_answers_a_question_with_sources(app_server, browser, real_library):
    from selenium.webdriver.common.by import By
    from selenium.webdriver.common.keys import Keys
    from selenium.webdriver.support import expected_conditions as ec
    from selenium.webdriver.support.ui import WebDriverWait

    t0 = time.perf_counter()
    browser.get(app_server)
    wait = WebDriverWait(browser, 180, poll_frequency=0.5)
    box = wait.until(ec.element_to_be_clickable(
        (By.CSS_SELECTOR, "textarea[data-testid='stChatInputTextArea']")))  # fmt: skip
    assert browser.find_elements(By.XPATH, "//h1[contains(., 'Ask the reviews')]")
    box.send_keys(QUESTION)
    box.send_keys(Keys.ENTER)
    answer = wait.until(ec.visibility_of_element_located((By.CSS_SELECTOR, ".caselearn-answer")))
    sources = wait.until(ec.visibility_of_all_elements_located(
        (By.CSS_SELECTOR, "[data-testid='stExpander'] summary")))  # fmt: skip
    seconds = time.perf_counter() - t0
    assert "[1]" in answer.text
    assert "[1] " in sources[0].text  # after the expander's arrow icon
    messages = browser.find_elements(By.CSS_SELECTOR, "[data-testid='stChatMessage']")
    assert len(messages) == 2 and QUESTION in messages[0].text

    sources[0].click()
    mark = wait.until(ec.visibility_of_element_located(
        (By.CSS_SELECTOR, "[data-testid='stExpander'] .caselearn-context mark")))  # fmt: skip
    quote = mark.text.strip()
    catalog = Catalog(Path(real_library.catalog_path))
    texts = [" ".join(d.text.split()) for d in map(catalog.document, [
        d["source"] for d in catalog.documents()]) if d]  # fmt: skip
    assert len(quote) > 20 and any(" ".join(quote.split()) in t for t in texts), quote

    # The picture: the question at the top, then the answer and its sources, the first one open.
    browser.execute_script("arguments[0].scrollIntoView({block: 'start'});", messages[0])
    time.sleep(0.5)  # let the expander's animation settle
    SCREENSHOT.parent.mkdir(parents=True, exist_ok=True)
    assert browser.save_screenshot(str(SCREENSHOT))
    assert SCREENSHOT.stat().st_size > 20_000
    print(f"answered in {seconds:.1f} s; screenshot: {SCREENSHOT}")
