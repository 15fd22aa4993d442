// feedmirror search: a static, sharded index of character bigrams (Chinese,
// Japanese, Korean) and words (other scripts). A query loads only the shards
// of its tokens, then the few document chunks and pages it shows.
// The tokenizer and the shard hash must stay identical to search_index.cc.
(function () {
  'use strict';
  var script = document.currentScript;
  var base = (script && script.getAttribute('data-base')) || '';
  var PAGE = 20;
  var CJK = /[\p{Script=Han}\p{Script=Hiragana}\p{Script=Katakana}\p{Script=Hangul}\p{Script=Bopomofo}]/u;
  var WORD = /[\p{L}\p{M}\p{N}]/u;

  // Traditional -> Simplified characters (search/fold.json), as the index.
  var foldMap = null;
  function fold(text) {
    if (!foldMap) return text;
    var out = '';
    for (var ch of text) out += Object.prototype.hasOwnProperty.call(foldMap, ch) ? foldMap[ch] : ch;
    return out;
  }

  function normalize(text) {
    return fold(text.normalize('NFKC').toLowerCase());
  }

  // Bigrams of each CJK run (a lone character is its own token) and words
  // of at least two characters; each token once.
  function tokens(text) {
    var out = [], seen = Object.create(null), run = [], word = [];
    function add(t) { if (!seen[t]) { seen[t] = true; out.push(t); } }
    function flushRun() {
      if (run.length === 1) add(run[0]);
      for (var i = 0; i + 1 < run.length; i++) add(run[i] + run[i + 1]);
      run = [];
    }
    function flushWord() { if (word.length >= 2) add(word.join('')); word = []; }
    for (var ch of normalize(text)) {
      if (CJK.test(ch)) { flushWord(); run.push(ch); }
      else if (WORD.test(ch)) { flushRun(); word.push(ch); }
      else { flushRun(); flushWord(); }
    }
    flushRun(); flushWord();
    return out;
  }

  // FNV-1a, 32 bits, over the token's UTF-8 bytes.
  function shardOf(token, shards) {
    var bytes = new TextEncoder().encode(token), h = 0x811c9dc5;
    for (var i = 0; i < bytes.length; i++) { h ^= bytes[i]; h = Math.imul(h, 0x01000193) >>> 0; }
    return h % shards;
  }

  var cache = Object.create(null);
  function getJSON(path) {
    if (!cache[path]) {
      cache[path] = fetch(base + path).then(function (r) { return r.ok ? r.json() : null; })
        .catch(function () { return null; });
    }
    return cache[path];
  }

  function postingsOf(token, meta) {
    var shard = shardOf(token, meta.shards), loads = [];
    for (var s = 0; s < meta.segments; s++) loads.push(getJSON('/search/' + s + '/' + shard + '.json'));
    return Promise.all(loads).then(function (lists) {
      var ids = [];
      lists.forEach(function (list) {
        var deltas = list && Object.prototype.hasOwnProperty.call(list, token) ? list[token] : null;
        if (!deltas) return;
        var id = 0;
        deltas.forEach(function (d) { id += d; ids.push(id); });
      });
      return ids;
    });
  }

  function intersect(sets) {
    sets.sort(function (a, b) { return a.length - b.length; });
    var result = sets[0];
    for (var i = 1; i < sets.length; i++) {
      var other = new Set(sets[i]);
      result = result.filter(function (id) { return other.has(id); });
    }
    return result;
  }

  function find(query, meta) {
    var toks = tokens(query);
    if (!toks.length) return Promise.resolve([]);
    return Promise.all(toks.map(function (t) { return postingsOf(t, meta); })).then(function (sets) {
      return intersect(sets).sort(function (a, b) { return b - a; });
    });
  }

  function terms(query) {
    return normalize(query).split(/\s+/).filter(function (t) { return t.length > 0; });
  }

  // A snippet of `text` around the first term found, terms marked.
  function snippet(text, query, into) {
    var lower = normalize(text), ts = terms(query), at = -1;
    ts.forEach(function (t) { var i = lower.indexOf(t); if (i >= 0 && (at < 0 || i < at)) at = i; });
    var start = Math.max(0, at - 40), piece = text.substr(start, 160), lowPiece = lower.substr(start, 160);
    into.textContent = '';
    if (start > 0) into.appendChild(document.createTextNode('…'));
    var pos = 0;
    while (pos < piece.length) {
      var next = -1, len = 0;
      ts.forEach(function (t) { var i = lowPiece.indexOf(t, pos); if (i >= 0 && (next < 0 || i < next)) { next = i; len = t.length; } });
      if (next < 0) { into.appendChild(document.createTextNode(piece.substr(pos))); break; }
      into.appendChild(document.createTextNode(piece.substring(pos, next)));
      var m = document.createElement('mark');
      m.textContent = piece.substr(next, len);
      into.appendChild(m);
      pos = next + len;
    }
    if (start + 160 < text.length) into.appendChild(document.createTextNode('…'));
    return at >= 0;
  }

  function containsAll(text, query) {
    var lower = normalize(text);
    return terms(query).every(function (t) { return lower.indexOf(t) >= 0; });
  }

  function show(doc, query, list) {
    var li = document.createElement('li');
    var a = document.createElement('a');
    a.className = 'title';
    a.href = base + doc[0];
    a.textContent = doc[1];
    var meta = document.createElement('p');
    meta.className = 'meta';
    meta.textContent = doc[2] + ' · ' + doc[3];
    var snip = document.createElement('p');
    snip.className = 'snippet';
    li.appendChild(a); li.appendChild(meta); li.appendChild(snip);
    list.appendChild(li);
    return fetch(a.href).then(function (r) { return r.ok ? r.text() : ''; }).then(function (html) {
      var page = new DOMParser().parseFromString(html, 'text/html');
      var body = page.querySelector('.post-content');
      var text = (body ? body.textContent : '').replace(/\s+/g, ' ').trim();
      if (!containsAll(doc[1] + ' ' + text, query)) { li.remove(); return 0; }
      snippet(text, query, snip);
      return 1;
    }).catch(function () { return 1; });
  }

  function run() {
    var params = new URLSearchParams(location.search);
    var query = (params.get('q') || '').trim();
    var input = document.getElementById('q');
    var status = document.getElementById('search-status');
    var list = document.getElementById('search-results');
    var more = document.getElementById('search-more');
    if (!list) return;
    if (input) input.value = query;
    if (!query) return;
    status.textContent = '搜尋中…';
    getJSON('/search/meta.json').then(function (meta) {
      if (!meta) { status.textContent = '沒有搜尋索引。'; return; }
      return (meta.fold ? getJSON('/search/fold.json') : Promise.resolve(null)).then(function (map) {
        foldMap = map;
        return find(query, meta);
      }).then(function (ids) {
        var shown = 0, pos = 0;
        function page() {
          var batch = ids.slice(pos, pos + PAGE);
          pos += batch.length;
          more.hidden = pos >= ids.length;
          return Promise.all(batch.map(function (id) {
            return getJSON('/search/docs/' + Math.floor(id / meta.chunk) + '.json').then(function (chunk) {
              var doc = chunk && chunk[id % meta.chunk];
              return doc ? show(doc, query, list) : 0;
            });
          })).then(function (counts) {
            counts.forEach(function (c) { shown += c; });
            status.textContent = shown ? '找到 ' + shown + (pos < ids.length ? '+' : '') + ' 篇文章' : '找不到「' + query + '」。';
          });
        }
        more.onclick = page;
        return page();
      });
    });
  }

  if (document.readyState === 'loading') document.addEventListener('DOMContentLoaded', run); else run();
  window.feedmirrorSearch = {
    tokens: tokens, shardOf: shardOf, setFold: function (map) { foldMap = map; }
  };
})();
