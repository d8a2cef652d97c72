#!/usr/bin/env python3
"""End-to-end test of `tenderlint serve` in a real browser (Debian's Chromium, driven by
chromedriver through Selenium), as a person would use the page.

    python3 tools/browser-test.py target/release/tenderlint OUTDIR

Starts `BIN serve --port 0 --no-open`, opens the page, checks that the browser reports no
Content-Security-Policy violation or script error and that the page asks nothing of any other
host, chooses "I am about to sign an agreement", uploads a Word fixture, checks that a finding
`BIN check --format json` gives for it is on the page, opens "Why this matters", downloads the
document with comments (a ZIP whose word/comments.xml holds tenderlint's comments), saves
screenshots (OUTDIR/serve-page.png at 1280 px wide, OUTDIR/serve-page-narrow.png at 360 px),
then presses Quit and checks that the server stops.

Needs: pip package selenium (pinned below), /usr/bin/chromium and /usr/bin/chromedriver
(apt-get install chromium chromium-driver). Without them it says so and exits 2.
Prints a PASS or FAIL line per check; exits 0 only when every check passes.
"""

import glob
import json
import os
import re
import subprocess
import sys
import tempfile
import threading
import time
import urllib.error
import urllib.request
import zipfile

SELENIUM = 'selenium==4.27.1'
CHROMIUM = '/usr/bin/chromium'
CHROMEDRIVER = '/usr/bin/chromedriver'
ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
# An agreement with several findings of each severity under small-charity-signing.
FIXTURE = os.path.join(ROOT, 'fixtures/docx/pandoc/agreements/subcontract-payment-and-exit.docx')
PROFILE = 'small-charity-signing'
PROFILE_LABEL = 'I am about to sign an agreement'
CHROME_FLAGS = [
    '--headless=new', '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run',
    '--disable-background-networking', '--disable-component-update', '--disable-sync',
    '--disable-dev-shm-usage', '--window-size=1280,1600',
]

try:
    from selenium import webdriver
    from selenium.common.exceptions import TimeoutException
    from selenium.webdriver.chrome.service import Service
    from selenium.webdriver.common.by import By
    from selenium.webdriver.support.ui import WebDriverWait
except ImportError:
    print(f'browser-test: the Python package selenium is missing: pip install {SELENIUM}')
    sys.exit(2)

results = []


def report(ok, what, detail=''):
    results.append(ok)
    line = f"{'PASS' if ok else 'FAIL'}: {what}"
    if detail:
        line += f' ({detail})'
    print(line, flush=True)
    return ok


class Stop(Exception):
    """A check failed that later checks depend on."""


def must(ok, what, detail=''):
    if not report(ok, what, detail):
        raise Stop(what)


def start_server(binary, errlog):
    proc = subprocess.Popen([binary, 'serve', '--port', '0', '--no-open'],
                            stdout=subprocess.PIPE, stderr=errlog, stdin=subprocess.DEVNULL,
                            text=True)
    first = []
    reader = threading.Thread(target=lambda: first.append(proc.stdout.readline()), daemon=True)
    reader.start()
    reader.join(30)
    line = first[0] if first else ''
    # Keep reading so that the server never blocks on a full pipe.
    threading.Thread(target=lambda: [None for _ in proc.stdout], daemon=True).start()
    match = re.search(r'(http://127\.0\.0\.1:\d+/)', line)
    return proc, line.strip(), match.group(1) if match else None


def wait_until_up(url, seconds=20):
    deadline = time.time() + seconds
    while time.time() < deadline:
        try:
            with urllib.request.urlopen(url, timeout=2) as response:
                return response
        except (urllib.error.URLError, ConnectionError, OSError):
            time.sleep(0.2)
    return None


def expected_findings(binary):
    out = subprocess.run([binary, 'check', '--format', 'json', '--profile', PROFILE, FIXTURE],
                         capture_output=True, text=True, timeout=120).stdout
    files = json.loads(out)['files']
    return [d for f in files for d in f['diagnostics']]


def make_driver(outdir):
    options = webdriver.ChromeOptions()
    options.binary_location = CHROMIUM
    for flag in CHROME_FLAGS:
        options.add_argument(flag)
    options.add_experimental_option('prefs', {
        'download.default_directory': outdir,
        'download.prompt_for_download': False,
        'download.directory_upgrade': True,
        'safebrowsing.enabled': False,
    })
    options.set_capability('goog:loggingPrefs', {'browser': 'ALL', 'performance': 'ALL'})
    driver = webdriver.Chrome(service=Service(CHROMEDRIVER), options=options)
    driver.set_page_load_timeout(30)
    for command in ('Browser.setDownloadBehavior', 'Page.setDownloadBehavior'):
        try:
            driver.execute_cdp_cmd(command, {'behavior': 'allow', 'downloadPath': outdir})
        except Exception:  # one of the two is enough; older and newer Chromium differ
            pass
    return driver


def console_problems(driver):
    """Browser log entries that are errors: CSP violations, script errors, failed loads."""
    bad = []
    for entry in driver.get_log('browser'):
        message = entry.get('message', '')
        if entry.get('level') == 'SEVERE' or 'Content Security Policy' in message or 'Refused to' in message:
            bad.append(message)
    return bad


def foreign_requests(driver, origin):
    """Addresses the page asked for that are not its own server (nor blob: or data:), and how
    many requests were seen in all."""
    foreign, seen = [], 0
    for entry in driver.get_log('performance'):
        try:
            message = json.loads(entry['message'])['message']
        except (KeyError, ValueError):
            continue
        if message.get('method') != 'Network.requestWillBeSent':
            continue
        url = message['params']['request']['url']
        seen += 1
        if not (url.startswith(origin) or url.startswith('blob:') or url.startswith('data:')):
            foreign.append(url)
    return foreign, seen


def full_page_screenshot(driver, width, path):
    driver.set_window_size(width, 1000)
    time.sleep(0.3)
    height = driver.execute_script(
        'return Math.max(document.body.scrollHeight, document.documentElement.scrollHeight)')
    driver.set_window_size(width, min(height + 120, 16000))
    time.sleep(0.5)
    driver.execute_script('window.scrollTo(0, 0)')
    overflow = driver.execute_script(
        'return document.documentElement.scrollWidth - document.documentElement.clientWidth')
    return driver.save_screenshot(path), overflow


def wait_for_download(outdir, pattern, seconds=60):
    deadline = time.time() + seconds
    while time.time() < deadline:
        done = [p for p in glob.glob(os.path.join(outdir, pattern)) if not p.endswith('.crdownload')]
        partial = glob.glob(os.path.join(outdir, '*.crdownload'))
        if done and not partial:
            return done[0]
        time.sleep(0.3)
    return None


def run(binary, outdir):
    errlog = tempfile.TemporaryFile(mode='w+')
    proc, first_line, url = start_server(binary, errlog)
    driver = None
    try:
        must(url is not None, 'the server prints its address on the first line', repr(first_line))
        response = wait_until_up(url)
        must(response is not None and response.status == 200, f'GET {url} answers')
        csp = response.headers.get('Content-Security-Policy', '')
        report("default-src 'none'" in csp and "connect-src 'self'" in csp,
               'the page is served with a strict Content-Security-Policy', csp or 'no header')

        request = urllib.request.Request(url + 'api/check', data=b'', method='POST')
        try:
            urllib.request.urlopen(request, timeout=5)
            status = 200
        except urllib.error.HTTPError as e:
            status = e.code
        report(status == 403, 'a POST without the token is refused with 403', f'got {status}')

        findings = expected_findings(binary)
        must(bool(findings), f'the fixture has findings under {PROFILE}', os.path.relpath(FIXTURE, ROOT))
        order = {'error': 0, 'warning': 1, 'info': 2}
        expected = sorted(findings, key=lambda d: order.get(d['severity'], 3))[0]['message']

        driver = make_driver(outdir)
        driver.get(url)
        wait = WebDriverWait(driver, 30)
        wait.until(lambda d: d.find_elements(By.CSS_SELECTOR, 'input[name="profile"]'))
        time.sleep(0.5)
        problems = console_problems(driver)
        report(not problems, 'the page loads with no CSP violation or error in the console',
               '; '.join(problems)[:500])
        report(driver.execute_script("return document.querySelectorAll('h1').length") == 1,
               'the page has one h1')
        unlabelled = driver.execute_script(
            "return Array.from(document.querySelectorAll('input, button, select, textarea'))"
            ".filter(e => !(e.labels && e.labels.length) && !e.getAttribute('aria-label')"
            " && !e.textContent.trim()).map(e => e.id || e.name || e.type)")
        report(not unlabelled, 'every control has a label', ', '.join(unlabelled))

        label = driver.find_element(By.XPATH, f"//label[normalize-space()='{PROFILE_LABEL}']")
        label.click()
        radio = driver.find_element(By.ID, label.get_attribute('for'))
        must(radio.is_selected() and radio.get_attribute('value') == PROFILE,
             f'"{PROFILE_LABEL}" is chosen')

        driver.find_element(By.ID, 'file-input').send_keys(FIXTURE)
        try:
            wait.until(lambda d: d.find_elements(By.CSS_SELECTOR, '.file-result')
                       or d.find_element(By.ID, 'alert').text.strip())
        except TimeoutException:
            pass
        alert = driver.find_element(By.ID, 'alert').text.strip()
        must(bool(driver.find_elements(By.CSS_SELECTOR, '.file-result')), 'results appear after the upload',
             alert)
        focused = driver.execute_script('return document.activeElement && document.activeElement.id')
        report(focused == 'results-heading', 'focus moves to the results heading', f'focus on {focused!r}')
        body = ' '.join(driver.find_element(By.TAG_NAME, 'body').text.split())
        # The page may capitalise a message's first letter; compare without case.
        report(' '.join(expected.split()).lower() in body.lower(),
               'a finding from check --format json is on the page', expected[:120])
        report('Must fix' in body, 'severity is said in words ("Must fix")')
        marks = driver.find_elements(By.CSS_SELECTOR, '.finding mark')
        report(bool(marks), 'the words of a finding are highlighted with <mark>')

        details = driver.find_element(By.CSS_SELECTOR, 'details.why')
        details.find_element(By.TAG_NAME, 'summary').click()
        time.sleep(0.3)
        report(details.get_attribute('open') is not None and 'Why it matters' in details.text,
               '"Why this matters" opens and explains the rule')

        for old in glob.glob(os.path.join(outdir, '*.reviewed.docx*')):
            os.remove(old)
        button = driver.find_element(By.XPATH, "//button[normalize-space()='Download my document with comments']")
        driver.execute_script('arguments[0].scrollIntoView({block: "center"})', button)
        button.click()
        saved = wait_for_download(outdir, '*.reviewed.docx')
        alert = driver.find_element(By.ID, 'alert').text.strip()
        if report(saved is not None, 'the document with comments is downloaded', saved or alert or 'nothing saved'):
            try:
                with zipfile.ZipFile(saved) as z:
                    comments = z.read('word/comments.xml').decode('utf-8', 'replace')
                report('tenderlint' in comments, 'the download is a Word file with tenderlint comments',
                       os.path.basename(saved))
            except (zipfile.BadZipFile, KeyError) as e:
                report(False, 'the download is a Word file with tenderlint comments', str(e))

        problems = console_problems(driver)
        report(not problems, 'no error in the console after checking and downloading',
               '; '.join(problems)[:500])
        origin = url.rstrip('/')
        foreign, seen = foreign_requests(driver, origin)
        report(seen > 0 and not foreign, 'the page asked nothing of any other host',
               f'{seen} requests seen' + (': ' + ', '.join(foreign)[:300] if foreign else ''))

        wide = os.path.join(outdir, 'serve-page.png')
        ok, _ = full_page_screenshot(driver, 1280, wide)
        report(ok and os.path.getsize(wide) > 0, 'screenshot saved', wide)
        narrow = os.path.join(outdir, 'serve-page-narrow.png')
        ok, overflow = full_page_screenshot(driver, 360, narrow)
        report(ok and os.path.getsize(narrow) > 0, 'narrow screenshot saved', narrow)
        report(overflow <= 0, 'no horizontal scrolling at 360 px wide', f'{overflow} px too wide')

        driver.set_window_size(1280, 1600)
        driver.execute_script('window.scrollTo(0, 0)')
        driver.find_element(By.ID, 'quit').click()
        try:
            wait.until(lambda d: 'tenderlint has stopped' in d.find_element(By.TAG_NAME, 'body').text)
            said = True
        except TimeoutException:
            said = False
        report(said, 'Quit says "tenderlint has stopped"')
        try:
            code = proc.wait(10)
            report(True, 'the server exits within 10 s of Quit', f'exit code {code}')
        except subprocess.TimeoutExpired:
            report(False, 'the server exits within 10 s of Quit')
    except Stop:
        pass
    except Exception as e:  # a crash of the test is a failure, with its reason
        report(False, 'the browser test ran to the end', f'{type(e).__name__}: {e}')
    finally:
        if driver is not None:
            try:
                driver.quit()
            except Exception:
                pass
        if proc.poll() is None:
            proc.kill()
            proc.wait(10)
        errlog.seek(0)
        server_errors = errlog.read().strip()
        if server_errors and not all(results):
            print('server standard error:\n' + server_errors[-3000:])


def main():
    if len(sys.argv) != 3:
        print(__doc__.strip().split('\n\n')[1])
        return 2
    binary, outdir = os.path.abspath(sys.argv[1]), os.path.abspath(sys.argv[2])
    missing = [p for p in (CHROMIUM, CHROMEDRIVER) if not os.path.exists(p)]
    if missing:
        print(f"browser-test: {', '.join(missing)} missing: apt-get install chromium chromium-driver")
        return 2
    if not os.access(binary, os.X_OK):
        print(f'browser-test: {binary} is not an executable tenderlint')
        return 2
    os.makedirs(outdir, exist_ok=True)
    run(binary, outdir)
    passed = sum(results)
    failed = len(results) - passed
    print(f'{passed} passed, {failed} failed')
    return 0 if results and not failed else 1


if __name__ == '__main__':
    sys.exit(main())
