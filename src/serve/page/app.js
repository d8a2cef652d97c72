// The page of `tenderlint serve`: choose files, check them, read what to fix, download the
// document with comments. Plain JavaScript, no libraries, no build step. Document text is only
// ever put on the page as text nodes, never as HTML.
'use strict';

(function () {
  const TOKEN = document.querySelector('meta[name="tenderlint-token"]').content;

  const SEVERITY = {
    error: { words: 'Must fix', order: 0 },
    warning: { words: 'Should check', order: 1 },
    info: { words: 'For information', order: 2 },
  };

  const FORMAT_NAMES = {
    '.docx': 'Word', '.docm': 'Word', '.odt': 'OpenDocument text', '.pdf': 'PDF',
    '.md': 'Markdown', '.markdown': 'Markdown', '.txt': 'plain text',
    '.xlsx': 'Excel', '.xlsm': 'Excel', '.ods': 'OpenDocument spreadsheet', '.csv': 'CSV',
  };

  const SHEETS = ['.xlsx', '.xlsm', '.ods', '.csv'];

  // What the server told us about itself (/api/rules), and the last check.
  const state = {
    profiles: [],
    formats: [],
    reviewable: [],
    rules: new Map(),
    last: null, // { items: [{ name, file }], pack: boolean, profile: string }
    busy: false,
  };

  const $ = (id) => document.getElementById(id);

  // ---- small DOM helpers -------------------------------------------------------------------

  // el('p', { className: 'x' }, 'text', otherNode): children are strings (as text) or nodes.
  function el(tag, props, ...children) {
    const node = document.createElement(tag);
    for (const [key, value] of Object.entries(props || {})) {
      if (key === 'className') node.className = value;
      else if (key === 'dataset') Object.assign(node.dataset, value);
      else if (value === true) node.setAttribute(key, '');
      else if (value !== false && value != null) node.setAttribute(key, value);
    }
    for (const child of children) {
      if (child == null || child === false) continue;
      node.append(typeof child === 'string' ? document.createTextNode(child) : child);
    }
    return node;
  }

  function plural(n, one, many) {
    return `${n} ${n === 1 ? one : many}`;
  }

  function extension(name) {
    const base = name.split('/').pop();
    const dot = base.lastIndexOf('.');
    return dot > 0 ? base.slice(dot).toLowerCase() : '';
  }

  function baseName(name) {
    return name.split(/[\\/]/).pop();
  }

  function isHttps(text) {
    try {
      return new URL(text).protocol === 'https:';
    } catch (e) {
      return false;
    }
  }

  // ---- messages to the person --------------------------------------------------------------

  // A capital at the start, unless the text starts with a name (a file, a rule id).
  function capital(text) {
    const t = String(text || '').trim();
    return /^[a-z]+[ ,]/.test(t) ? t[0].toUpperCase() + t.slice(1) : t;
  }

  // A server message as a sentence: a capital and a full stop.
  function sentence(text) {
    const t = capital(text);
    return t && !/[.!?…]$/.test(t) ? `${t}.` : t;
  }

  function showError(message) {
    const alert = $('alert');
    alert.textContent = '';
    alert.append(el('p', null, sentence(message)));
  }

  function clearError() {
    $('alert').textContent = '';
  }

  function setStatus(message) {
    $('status').textContent = message;
  }

  // ---- talking to the server ---------------------------------------------------------------

  // A fetch to our own server; throws an Error with a plain English message on failure.
  async function call(path, body) {
    let response;
    try {
      response = await fetch(path, {
        method: body === undefined ? 'GET' : 'POST',
        headers: { 'X-Tenderlint-Token': TOKEN },
        body,
        cache: 'no-store',
        credentials: 'same-origin',
      });
    } catch (e) {
      throw new Error('tenderlint did not answer. It may have stopped: start it again and reload this page.');
    }
    if (!response.ok) {
      let message = `Something went wrong (error ${response.status}).`;
      try {
        const data = await response.json();
        if (data && data.error && data.error.message) message = data.error.message;
      } catch (e) {
        // Not JSON: keep the general message.
      }
      const error = new Error(message);
      error.status = response.status;
      throw error;
    }
    return response;
  }

  function formData(items, extra) {
    const data = new FormData();
    for (const item of items) data.append('file', item.file, item.name);
    for (const [key, value] of Object.entries(extra)) {
      if (value) data.append(key, value);
    }
    return data;
  }

  // The file name in a Content-Disposition header, or the fallback.
  function dispositionName(header, fallback) {
    if (!header) return fallback;
    const star = /filename\*\s*=\s*(?:UTF-8|utf-8)''([^;]+)/.exec(header);
    if (star) {
      try {
        return baseName(decodeURIComponent(star[1].trim()));
      } catch (e) {
        // Fall through to the plain form.
      }
    }
    const plain = /filename\s*=\s*"([^"]*)"/.exec(header) || /filename\s*=\s*([^;]+)/.exec(header);
    return plain && plain[1].trim() ? baseName(plain[1].trim()) : fallback;
  }

  // Saves a response body as a download through a temporary object address.
  async function save(response, fallback) {
    const name = dispositionName(response.headers.get('Content-Disposition'), fallback);
    const blob = await response.blob();
    const url = URL.createObjectURL(blob);
    const link = el('a', { href: url, download: name, className: 'offscreen' }, name);
    document.body.append(link);
    link.click();
    link.remove();
    setTimeout(() => URL.revokeObjectURL(url), 60000);
    return name;
  }

  // ---- start: profiles, formats and rule documentation --------------------------------------

  async function loadRules() {
    try {
      const data = await (await call('/api/rules')).json();
      state.profiles = data.profiles || [];
      state.formats = (data.formats || []).map((f) => f.toLowerCase());
      state.reviewable = (data.reviewable || []).map((f) => f.toLowerCase());
      for (const rule of data.rules || []) state.rules.set(rule.id, rule);
      renderProfiles();
      renderFormats();
    } catch (e) {
      $('profile-choices').textContent = '';
      showError(`The list of checks could not be loaded: ${e.message}`);
    }
  }

  function renderProfiles() {
    const box = $('profile-choices');
    box.textContent = '';
    state.profiles.forEach((profile, i) => {
      const id = `profile-${i}`;
      const hintId = `${id}-hint`;
      const input = el('input', {
        type: 'radio', name: 'profile', id,
        'aria-describedby': profile.description ? hintId : null,
      });
      // A profile without a name is the server's standard check: send no profile for it.
      input.value = profile.name || '';
      input.checked = i === 0;
      box.append(el('div', { className: 'choice' },
        input,
        el('label', { for: id }, profile.label || profile.name),
        profile.description ? el('p', { id: hintId, className: 'hint' }, profile.description) : null));
    });
  }

  function renderFormats() {
    if (!state.formats.length) return;
    const accept = state.formats.join(',');
    $('file-input').setAttribute('accept', accept);
    // "Word (.docx, .docm), PDF (.pdf), …": names people know, with the endings to look for.
    const groups = new Map();
    for (const format of state.formats) {
      const name = FORMAT_NAMES[format] || format;
      groups.set(name, (groups.get(name) || []).concat(format));
    }
    const words = Array.from(groups, ([name, endings]) => `${name} (${endings.join(', ')})`);
    $('formats').textContent = `tenderlint reads these kinds of file: ${words.join(', ')}.`;
  }

  function chosenProfile() {
    const checked = document.querySelector('input[name="profile"]:checked');
    return checked ? checked.value : '';
  }

  // ---- choosing files ----------------------------------------------------------------------

  function readable(name) {
    return !state.formats.length || state.formats.includes(extension(name));
  }

  // items: [{ name, file }]; pack: check them as one set.
  function start(items, pack) {
    if (state.busy) {
      setStatus('Please wait: tenderlint is still checking the last files.');
      return;
    }
    // A pack may carry its description file (tenderlint-pack.toml); other files are left out.
    const kept = items.filter((it) => readable(it.name) || (pack && baseName(it.name) === 'tenderlint-pack.toml'));
    const skipped = items.filter((it) => !kept.includes(it));
    if (!kept.some((it) => readable(it.name))) {
      showError(skipped.length ? `${cannotRead(skipped.map((it) => it.name))} ` +
        'It reads Word, OpenDocument, PDF, Markdown and text files, and spreadsheets.' : 'No files were chosen.');
      return;
    }
    state.last = { items: kept, pack, profile: chosenProfile(), skipped: skipped.map((it) => it.name) };
    check();
  }

  // "tenderlint cannot read these files: a.png, b.doc. Old Word files (.doc): …"
  function cannotRead(names) {
    const shown = names.slice(0, 5).map(baseName).join(', ');
    const more = names.length > 5 ? ` and ${names.length - 5} more` : '';
    let text = `tenderlint cannot read ${names.length === 1 ? 'this file' : 'these files'}: ${shown}${more}.`;
    if (names.some((name) => extension(name) === '.doc')) {
      text += ' Old Word files (.doc): open them in Word, save them as “Word Document (.docx)” and choose the new file.';
    }
    return text;
  }

  function fromInput(input, pack) {
    const items = Array.from(input.files, (file) => ({
      name: (pack && file.webkitRelativePath) || file.name,
      file,
    }));
    input.value = '';
    if (items.length) start(items, pack);
  }

  // Files and folders dropped on the zone; a dropped folder is read as one set.
  async function fromDrop(transfer) {
    const entries = Array.from(transfer.items || [])
      .filter((item) => item.kind === 'file')
      .map((item) => (item.webkitGetAsEntry ? item.webkitGetAsEntry() : null));
    if (entries.length && entries.every(Boolean) && entries.some((e) => e.isDirectory)) {
      const items = [];
      for (const entry of entries) await walk(entry, items);
      start(items, true);
      return;
    }
    start(Array.from(transfer.files, (file) => ({ name: file.name, file })), false);
  }

  async function walk(entry, items) {
    if (entry.isFile) {
      const file = await new Promise((resolve, reject) => entry.file(resolve, reject));
      items.push({ name: entry.fullPath.replace(/^\/+/, ''), file });
    } else if (entry.isDirectory) {
      const reader = entry.createReader();
      for (;;) {
        const batch = await new Promise((resolve, reject) => reader.readEntries(resolve, reject));
        if (!batch.length) break;
        for (const child of batch) await walk(child, items);
      }
    }
  }

  // ---- checking ----------------------------------------------------------------------------

  function setBusy(busy) {
    state.busy = busy;
    for (const id of ['file-input', 'folder-input', 'report', 'recheck']) $(id).disabled = busy;
    $('drop-zone').classList.toggle('is-busy', busy);
  }

  async function check() {
    const last = state.last;
    clearError();
    setBusy(true);
    const count = last.items.filter((it) => readable(it.name)).length;
    setStatus(`Checking ${plural(count, 'file', 'files')}…`);
    try {
      const response = await call('/api/check', formData(last.items, {
        profile: last.profile, pack: last.pack ? '1' : '',
      }));
      const result = await response.json();
      renderResults(result, last);
      setStatus(`Finished checking ${plural(count, 'file', 'files')}.`);
      $('results-heading').focus();
    } catch (e) {
      setStatus('');
      showError(e.message);
    } finally {
      setBusy(false);
    }
  }

  // ---- results -----------------------------------------------------------------------------

  function counts(diagnostics) {
    const n = { error: 0, warning: 0, info: 0 };
    for (const d of diagnostics) if (d.severity in n) n[d.severity] += 1;
    return n;
  }

  function countWords(n) {
    const parts = [];
    if (n.error) parts.push(`${plural(n.error, 'problem', 'problems')} to fix`);
    if (n.warning) parts.push(n.error ? `${n.warning} to consider` : `${plural(n.warning, 'point', 'points')} to consider`);
    if (n.info) parts.push(`${n.info} for information`);
    return parts.length ? parts.join(', ') : 'no problems found';
  }

  // The File we sent for a result's path (the server may add or drop a leading folder).
  function sentItem(path, items) {
    return items.find((it) => it.name === path)
      || items.find((it) => path.endsWith(`/${it.name}`) || it.name.endsWith(`/${path}`))
      || items.find((it) => baseName(it.name) === baseName(path))
      || null;
  }

  function renderResults(result, last) {
    const files = result.files || [];
    const all = files.flatMap((f) => f.diagnostics || []);
    const unreadable = files.filter((f) => (f.errors || []).length).length;
    const unchecked = files.filter((f) => !(f.errors || []).length && f.unchecked).length;
    const checked = files.length - unreadable - unchecked;
    const found = all.length || checked ? `: ${countWords(counts(all))}` : '';
    const summary = [`${plural(files.length, 'file', 'files')} looked at${found}.`];
    if (unreadable) summary.push(`${plural(unreadable, 'file', 'files')} could not be read (see below).`);
    if (unchecked) summary.push(`${plural(unchecked, 'file was', 'files were')} read but not checked (see below).`);
    const mismatched = files.filter((f) => profileHint(f, last.profile)).length;
    if (mismatched) {
      summary.push(`${plural(mismatched, 'file needs', 'files need')} the other choice under “What are you doing?” (see below).`);
    }
    if (last.skipped && last.skipped.length) summary.push(`Left out: ${cannotRead(last.skipped)}`);
    $('results-summary').textContent = summary.join(' ');

    const box = $('file-results');
    box.textContent = '';
    files.forEach((file, i) => box.append(renderFile(file, i, last)));
    $('results').hidden = false;
  }

  function renderFile(file, index, last) {
    const diagnostics = (file.diagnostics || []).slice().sort(
      (a, b) => (SEVERITY[a.severity] || SEVERITY.info).order - (SEVERITY[b.severity] || SEVERITY.info).order);
    const errors = file.errors || [];
    const headingId = `file-${index}`;
    const article = el('article', { className: 'file-result', 'aria-labelledby': headingId });

    const hint = profileHint(file, last.profile);
    let outcome;
    if (errors.length) outcome = 'could not be read';
    else if (file.unchecked && !diagnostics.length) outcome = 'not checked';
    else if (hint && !diagnostics.length) outcome = 'check it again with the other choice';
    else outcome = countWords(counts(diagnostics));
    // The hidden colon keeps a screen reader from running the name into the counts.
    article.append(el('h3', { id: headingId },
      el('span', { className: 'file-name' }, file.path),
      el('span', { className: 'offscreen' }, ': '),
      el('span', { className: 'file-counts' }, outcome)));

    if (file.pack) {
      article.append(el('p', { className: 'muted' },
        `Checked as part of the set “${file.pack}”: a clause in any document of the set counts for all of them.`));
    }
    for (const error of errors) {
      article.append(el('p', { className: 'file-problem' }, `Could not be read: ${unreadWords(error)}`));
      article.append(el('p', { className: 'muted' }, `Details: ${error.message}`));
    }
    if (file.unchecked) {
      article.append(el('p', { className: 'file-problem' }, `Not checked: ${uncheckedWords(file)}`));
    }
    for (const warning of file.warnings || []) {
      article.append(el('p', { className: 'muted' }, `Note: ${warning}`));
    }
    if (hint) article.append(el('p', { className: 'file-problem' }, hint));
    if (!errors.length && !file.unchecked && !diagnostics.length && !hint) {
      article.append(el('p', { className: 'all-clear' }, 'tenderlint found nothing to fix in this document.'));
    }

    article.append(renderFileActions(file, index, diagnostics, last));
    if (diagnostics.length) {
      const list = el('ol', { className: 'findings' });
      diagnostics.forEach((d, j) => list.append(renderFinding(d, `${headingId}-${j}`)));
      article.append(list);
    }
    return article;
  }

  // A bid checked as an agreement, or the other way round, misses the checks it needs.
  function profileHint(file, profile) {
    if (!file.kind || file.kind === 'unknown' || file.unchecked || (file.errors || []).length) return '';
    const label = (name) => {
      const found = state.profiles.find((p) => p.name === name);
      return found ? found.label : name;
    };
    if (profile === 'bid-writer' && file.kind !== 'bid') {
      return `This looks like an agreement, but you chose “${label('bid-writer')}”, which leaves out ` +
        `the checks for agreements. Choose “${label('small-charity-signing')}” above and check again.`;
    }
    if (profile === 'small-charity-signing' && file.kind === 'bid') {
      return `This looks like a bid, but you chose “${label('small-charity-signing')}”, which leaves out ` +
        `the checks for bids. Choose “${label('bid-writer')}” above and check again.`;
    }
    return '';
  }

  // Why a file could not be read, and what the person can do about it.
  function unreadWords(error) {
    switch (error.code) {
      case 'unknown-format':
      case 'unsupported-format':
        return 'tenderlint reads Word (.docx), OpenDocument (.odt), PDF, Markdown or text files and ' +
          'spreadsheets. Open this file in the program that made it and save it as one of those.';
      case 'legacy-doc':
        return 'this is an old Word file (.doc). Open it in Word, choose File › Save As › Word ' +
          'Document (.docx), and check the new file.';
      case 'encrypted':
        return 'the file is protected with a password. Save a copy without the password and check that.';
      case 'no-text-layer':
      case 'no-text':
        return 'there is no text in it that tenderlint can read (a scanned PDF is pictures of pages). ' +
          'Check the Word file it was made from, or run text recognition (OCR) on it first.';
      case 'corrupt-file':
        return 'the file is damaged, or is not what its name says. Open it in the program that made ' +
          'it and save it again.';
      case 'empty-file':
        return 'the file is empty.';
      case 'limit-exceeded':
        return 'the file is too large or too complex to check safely.';
      default:
        return sentence(error.message);
    }
  }

  // Why a file was not checked. The server's reason is written for the command line (it names
  // options such as --kind); for a reason the page knows, say what the person can do here.
  function uncheckedWords(file) {
    if (file.unchecked.code === 'unknown-kind') {
      if (SHEETS.includes(extension(file.path))) {
        return 'a spreadsheet is checked together with the application or agreement it belongs to. ' +
          'Put them in one folder and use “Choose a folder”.';
      }
      return 'tenderlint could not tell whether this is a bid or an agreement, so it did not check it. ' +
        'It reads bids, subcontracts, consortium and partnership agreements, grant agreements and ' +
        'memorandums of understanding.';
    }
    return file.unchecked.reason;
  }

  function renderFinding(d, id) {
    const severity = SEVERITY[d.severity] || SEVERITY.info;
    const item = el('li', { className: `finding finding-${d.severity}` });
    item.append(el('p', { className: 'finding-head' },
      el('span', { className: `badge badge-${d.severity}` }, severity.words),
      el('span', { className: 'offscreen' }, '. '),
      el('span', { className: 'rule-id' }, `check: ${d.rule}`)));
    item.append(el('h4', { id, className: 'finding-message' }, capital(d.message)));

    const place = d.place || describeLocation(d.location);
    if (place) item.append(el('p', { className: 'where' }, el('strong', null, 'Where: '), place));

    const passage = renderPassage(d);
    if (passage) item.append(passage);

    if (d.help) item.append(el('p', { className: 'help' }, el('strong', null, 'What to do: '), capital(d.help)));
    const why = renderWhy(d.rule, id);
    if (why) item.append(why);
    return item;
  }

  // The words in their sentence: before, the marked words, after; as text nodes only.
  function renderPassage(d) {
    const p = d.passage;
    if (p && (p.words || p.before || p.after)) {
      return el('blockquote', { className: 'passage' },
        el('p', null, p.before || null, p.words ? el('mark', null, p.words) : null, p.after || null));
    }
    if (d.snippet && d.snippet.trim()) {
      return el('blockquote', { className: 'passage' }, el('p', null, el('mark', null, d.snippet.trim())));
    }
    return null;
  }

  // Where, from the location object, when the server gives no `place`.
  function describeLocation(loc) {
    if (!loc) return '';
    if (loc.sheet) {
      return [`sheet ${loc.sheet}`, loc.row && `row ${loc.row}`, loc.address && `cell ${loc.address}`]
        .filter(Boolean).join(', ');
    }
    const parts = [];
    if (loc.page) parts.push(`page ${loc.page}`);
    if (loc.part) parts.push(loc.part);
    if (loc.clause) parts.push(`clause ${loc.clause}`);
    else if (loc.section) parts.push(`section “${loc.section.split(' > ').pop()}”`);
    if (loc.table) parts.push(loc.row ? `table ${loc.table}, row ${loc.row}` : `table ${loc.table}`);
    if (loc.line) parts.push(`line ${loc.line}`);
    else if (loc.paragraph && !loc.clause && !loc.section) parts.push(`paragraph ${loc.paragraph}`);
    return parts.join(', ');
  }

  // Rule documentation text: paragraphs split at blank lines, hard line breaks joined.
  function paragraphs(text) {
    return String(text || '').split(/\n\s*\n/).map((p) => p.replace(/\s*\n\s*/g, ' ').trim()).filter(Boolean)
      .map((p) => el('p', null, p));
  }

  // An example clause as lines a narrow window can wrap: the hard line breaks inside a
  // sentence are joined, while numbered clauses, headings, list items and table rows keep their
  // own lines.
  function reflow(text) {
    const lines = [];
    let open = false; // whether the last line may go on on the next
    for (const raw of String(text || '').replace(/\s+$/, '').split('\n')) {
      const line = raw.trim();
      if (!line) {
        lines.push('');
        open = false;
        continue;
      }
      const heading = /^#+\s/.test(line);
      const item = /^(?:\d+(?:\.\d+)*\.?\s|[|*-]\s|\(?[a-z0-9]{1,3}\)\s)/i.test(line);
      if (open && !heading && !item) lines[lines.length - 1] += ` ${line}`;
      else lines.push(heading ? line.replace(/^#+\s+/, '') : line);
      // A heading, a table row or a short numbered title ("12. Disputes") ends its line.
      open = !heading && !line.startsWith('|') && !/^\d+(?:\.\d+)*\.?\s+\S+(?:\s+\S+){0,3}$/.test(line);
    }
    return lines.join('\n');
  }

  // The example as paragraphs, with a Markdown table (| a | b |) as a real table.
  function renderExample(text) {
    const box = el('div', { className: 'example' });
    let rows = [];
    const flush = () => {
      if (!rows.length) return;
      const cells = (row) => row.replace(/^\|/, '').replace(/\|$/, '').split('|').map((c) => c.trim());
      const [head, ...body] = rows.filter((row) => !/^\|[\s|:-]+\|?$/.test(row));
      const table = el('table', null,
        el('thead', null, el('tr', null, ...cells(head).map((c) => el('th', { scope: 'col' }, c)))),
        el('tbody', null, ...body.map((row) => el('tr', null, ...cells(row).map((c) => el('td', null, c))))));
      box.append(el('div', { className: 'table-scroll' }, table));
      rows = [];
    };
    for (const line of reflow(text).split('\n')) {
      if (line.startsWith('|')) {
        rows.push(line);
        continue;
      }
      flush();
      if (line) box.append(el('p', null, line));
    }
    flush();
    return box;
  }

  // A source's text with any public secure address in it as a link.
  function sourceItem(text) {
    const li = el('li');
    const pattern = /\bhttps:\/\/[^\s<>"]+/g;
    let at = 0;
    for (let m = pattern.exec(text); m; m = pattern.exec(text)) {
      const address = m[0].replace(/[.,;:)\]]+$/, '');
      li.append(text.slice(at, m.index));
      if (isHttps(address)) {
        li.append(el('a', { href: address, target: '_blank', rel: 'noopener noreferrer' },
          address, el('span', { className: 'offscreen' }, ' (opens in a new tab)')));
      } else {
        li.append(address);
      }
      at = m.index + address.length;
    }
    li.append(text.slice(at));
    return li;
  }

  // `about`: the id of the finding's heading, which tells apart the many "Why this matters".
  function renderWhy(ruleId, about) {
    const rule = state.rules.get(ruleId);
    if (!rule) return null;
    const body = el('div', { className: 'why-body' });
    if (rule.why) body.append(el('h5', null, 'Why it matters'), ...paragraphs(rule.why));
    if (rule.what) body.append(el('h5', null, 'What tenderlint looks for'), ...paragraphs(rule.what));
    if (rule.example && rule.example.trim()) {
      body.append(el('h5', null, 'Example of wording that avoids the problem'),
        renderExample(rule.example));
    }
    if (rule.sources && rule.sources.length) {
      const list = el('ul', { className: 'sources' });
      for (const source of rule.sources) list.append(sourceItem(source));
      body.append(el('h5', null, 'Sources'), list);
    }
    return el('details', { className: 'why' },
      el('summary', { 'aria-describedby': about }, 'Why this matters'), body);
  }

  function renderFileActions(file, index, diagnostics, last) {
    const box = el('div', { className: 'file-actions' });
    const ext = extension(file.path);
    const item = sentItem(file.path, last.items);
    const about = `file-${index}`;
    if (state.reviewable.includes(ext)) {
      if (diagnostics.length && item) {
        const button = el('button', { type: 'button', className: 'button primary', 'aria-describedby': about },
          'Download my document with comments');
        button.addEventListener('click', () => review(item, last, button));
        box.append(button);
      }
    } else if (ext === '.md' || ext === '.markdown') {
      if (diagnostics.length) box.append(el('p', { className: 'muted' }, 'Markdown files: fix them at the places shown below.'));
    } else if (SHEETS.includes(ext)) {
      if (diagnostics.length) box.append(el('p', { className: 'muted' }, 'Spreadsheets: fix them at the cells shown below.'));
    } else if (diagnostics.length) {
      box.append(el('p', { className: 'muted' }, 'This kind of file cannot be given comments: fix it at the places shown below.'));
    }
    return box;
  }

  // ---- downloads ---------------------------------------------------------------------------

  // The status line and the alert are at the top of the page: what a download button did is
  // said beside it too, where the eye is (no message: clear it).
  function besides(button, message, error) {
    for (const old of button.parentElement.querySelectorAll('.inline-error, .inline-note')) old.remove();
    if (message) button.parentElement.append(el('p', { className: error ? 'inline-error' : 'inline-note' }, message));
  }

  async function review(item, last, button) {
    clearError();
    besides(button);
    button.disabled = true;
    setStatus(`Adding comments to ${baseName(item.name)}…`);
    try {
      const response = await call('/api/review', formData([item], { profile: last.profile }));
      const ext = extension(item.name);
      const stem = baseName(item.name).slice(0, baseName(item.name).length - ext.length);
      const name = await save(response, `${stem}.reviewed${ext}`);
      setStatus(`Saved ${name} in your downloads folder. Open it to see each problem as a comment on its words.`);
      besides(button, `Saved as ${name} in your downloads folder.`);
    } catch (e) {
      setStatus('');
      showError(e.message);
      besides(button, sentence(e.message), true);
    } finally {
      button.disabled = false;
    }
  }

  async function report() {
    const last = state.last;
    if (!last) return;
    const button = $('report');
    besides(button);
    clearError();
    setBusy(true);
    setStatus('Writing the Word report…');
    try {
      const response = await call('/api/report', formData(last.items, {
        profile: last.profile, pack: last.pack ? '1' : '',
      }));
      const name = await save(response, 'tenderlint-report.docx');
      setStatus(`Saved ${name} in your downloads folder.`);
      besides(button, `Saved as ${name} in your downloads folder.`);
    } catch (e) {
      setStatus('');
      showError(e.message);
      besides(button, sentence(e.message), true);
    } finally {
      setBusy(false);
    }
  }

  async function quit() {
    clearError();
    try {
      await call('/api/quit', new FormData());
    } catch (e) {
      // A server that is already gone has stopped all the same; say so only on a refusal.
      if (e.status) {
        showError(e.message);
        return;
      }
    }
    $('app').hidden = true;
    $('quit').hidden = true;
    $('stopped').hidden = false;
    $('stopped-heading').focus();
  }

  // ---- wiring ------------------------------------------------------------------------------

  function setup() {
    $('file-input').addEventListener('change', (e) => fromInput(e.target, false));
    $('folder-input').addEventListener('change', (e) => fromInput(e.target, true));
    $('report').addEventListener('click', report);
    $('recheck').addEventListener('click', () => {
      if (!state.last) return;
      state.last.profile = chosenProfile();
      check();
    });
    $('quit').addEventListener('click', quit);

    const zone = $('drop-zone');
    let depth = 0;
    zone.addEventListener('dragenter', (e) => {
      e.preventDefault();
      depth += 1;
      zone.classList.add('is-over');
    });
    zone.addEventListener('dragleave', () => {
      depth = Math.max(0, depth - 1);
      if (!depth) zone.classList.remove('is-over');
    });
    zone.addEventListener('dragover', (e) => {
      e.preventDefault();
      e.dataTransfer.dropEffect = 'copy';
    });
    zone.addEventListener('drop', (e) => {
      e.preventDefault();
      depth = 0;
      zone.classList.remove('is-over');
      fromDrop(e.dataTransfer).catch((err) => showError(`The dropped files could not be read: ${err.message}`));
    });
    // A file dropped beside the zone must not replace the page.
    window.addEventListener('dragover', (e) => e.preventDefault());
    window.addEventListener('drop', (e) => e.preventDefault());

    loadRules();
  }

  if (document.readyState === 'loading') document.addEventListener('DOMContentLoaded', setup);
  else setup();
}());
