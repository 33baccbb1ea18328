// Tether web UI: the few behaviours the server cannot render. Pages work without it.
// Loaded in <head> without defer so the stored theme applies before the first paint (no flash).
(function () {
  "use strict";
  var root = document.documentElement;
  var stored = null;
  try { stored = localStorage.getItem("tether-theme"); } catch (e) { /* storage may be disabled */ }
  if (stored === "light" || stored === "dark") { root.setAttribute("data-theme", stored); }

  function currentTheme() {
    var set = root.getAttribute("data-theme");
    if (set === "light" || set === "dark") { return set; }
    return window.matchMedia && window.matchMedia("(prefers-color-scheme: dark)").matches ? "dark" : "light";
  }

  function showTheme(button) {
    var theme = currentTheme();
    button.setAttribute("aria-pressed", theme === "dark" ? "true" : "false");
    button.textContent = theme === "dark" ? "Light theme" : "Dark theme";
  }

  function flash(button, label) {
    var before = button.textContent;
    button.textContent = label;
    setTimeout(function () { button.textContent = before; }, 1500);
  }

  function copyText(text, button) {
    if (navigator.clipboard && window.isSecureContext) {
      navigator.clipboard.writeText(text).then(function () { flash(button, "Copied"); }, function () { flash(button, "Copy failed"); });
    } else {
      // Plain-HTTP hosts other than localhost have no clipboard API: fall back to a selection copy.
      var area = document.createElement("textarea");
      area.value = text;
      area.className = "copy-source";
      document.body.appendChild(area);
      area.select();
      var copied = document.execCommand("copy");
      document.body.removeChild(area);
      flash(button, copied ? "Copied" : "Copy failed: open the link");
    }
  }

  // Copies what a URL serves (a fix action's issue Markdown, fetched on demand rather than carried by the page).
  function copyFrom(url, button) {
    var text = fetch(url, { credentials: "same-origin" }).then(function (response) {
      return response.text().then(function (body) {
        if (!response.ok) { throw new Error(body); }
        return body;
      });
    });
    if (navigator.clipboard && window.isSecureContext && window.ClipboardItem) {
      // A promised clipboard item keeps the click's user activation while the text is fetched (Safari needs this).
      var item = new ClipboardItem({ "text/plain": text.then(function (body) { return new Blob([body], { type: "text/plain" }); }) });
      navigator.clipboard.write([item]).then(function () { flash(button, "Copied"); }, function () {
        text.then(function () { flash(button, "Copy failed: open the link"); }, function (e) { flash(button, e.message); });
      });
    } else {
      text.then(function (body) { copyText(body, button); }, function (e) { flash(button, e.message); });
    }
  }

  document.addEventListener("DOMContentLoaded", function () {
    var toggle = document.getElementById("theme-toggle");
    if (toggle) {
      toggle.hidden = false;
      showTheme(toggle);
      toggle.addEventListener("click", function () {
        var next = currentTheme() === "dark" ? "light" : "dark";
        root.setAttribute("data-theme", next);
        try { localStorage.setItem("tether-theme", next); } catch (e) { /* not persisted */ }
        showTheme(toggle);
      });
    }

    document.querySelectorAll("[data-copy-url]").forEach(function (button) {
      button.hidden = false;
      button.addEventListener("click", function () { copyFrom(button.getAttribute("data-copy-url"), button); });
    });

    document.querySelectorAll("[data-copy-target]").forEach(function (button) {
      button.hidden = false;
      button.addEventListener("click", function () {
        var source = document.getElementById(button.getAttribute("data-copy-target"));
        if (source) { copyText(source.value !== undefined ? source.value : source.textContent, button); }
      });
    });
  });

  // Keyboard shortcuts: "/" focuses the page's search box; "g" then o/t/i/e/r goes to a page.
  var pendingG = false;
  document.addEventListener("keydown", function (event) {
    var target = event.target;
    var typing = target && (target.tagName === "INPUT" || target.tagName === "TEXTAREA" || target.tagName === "SELECT" || target.isContentEditable);
    if (typing || event.ctrlKey || event.metaKey || event.altKey) { return; }
    if (event.key === "/") {
      var search = document.querySelector("[data-search]");
      if (search) { event.preventDefault(); search.focus(); }
      return;
    }
    if (pendingG) {
      pendingG = false;
      var pages = { o: "/", t: "/trace", i: "/inventory", e: "/explorer", r: "/recommendations" };
      if (pages[event.key]) { event.preventDefault(); window.location.href = pages[event.key]; }
      return;
    }
    if (event.key === "g") { pendingG = true; setTimeout(function () { pendingG = false; }, 1200); }
  });
})();
