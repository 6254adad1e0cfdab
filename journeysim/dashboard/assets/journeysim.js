/* journeysim dashboard: browser-side helpers.
 *
 * - checkUpload: refuse an over-size scenario file before it is sent, with a clear message;
 * - exportPng: the view as one PNG page: the charts at one width and the timeline (plotly's toImage, on a canvas);
 * - single-key shortcuts for the buttons (ignored while typing in a field).
 */
(function () {
  "use strict";
  var ns = (window.journeysim = window.journeysim || {});

  ns.checkUpload = function (contents, filename, limit) {
    var noUpdate = window.dash_clientside.no_update;
    if (!contents) {
      return [noUpdate, noUpdate];
    }
    var name = filename || "upload.toml";
    var comma = contents.indexOf(",");
    var data = comma >= 0 ? contents.slice(comma + 1) : contents;
    var pad = data.endsWith("==") ? 2 : data.endsWith("=") ? 1 : 0;
    var bytes = Math.floor((data.length * 3) / 4) - pad;
    var nonce = Date.now();
    if (bytes > limit) {
      return [
        {
          name: name,
          nonce: nonce,
          error:
            name + ": the file is " + bytes.toLocaleString("en-GB") + " bytes; a scenario file may be at most " +
            limit.toLocaleString("en-GB") + " bytes (" + Math.round(limit / 1024) + " KiB). Nothing was loaded.",
        },
        null,
      ];
    }
    return [{ name: name, nonce: nonce, contents: contents }, null];
  };

  function visibleGraphs() {
    var nodes = document.querySelectorAll(".export-target .js-plotly-plot");
    return Array.prototype.filter.call(nodes, function (gd) {
      return gd.offsetParent !== null && gd.data && gd.data.length > 0;
    });
  }

  function loadImage(url) {
    return new Promise(function (resolve, reject) {
      var img = new Image();
      img.onload = function () { resolve(img); };
      img.onerror = reject;
      img.src = url;
    });
  }

  // One page: every visible chart re-rendered at the same width (no blank gaps beside narrow panels),
  // stacked, then the timeline's entries as wrapped text with their coloured bars. plotly.js renders
  // each chart (Plotly.toImage, the library's own export) and a canvas composes the page.
  var PAGE_WIDTH = 1200;
  var FONT = "Verdana, DejaVu Sans, Arial, sans-serif";

  function wrap(c, text, width) {
    var words = String(text).split(/\s+/), lines = [], line = "";
    words.forEach(function (w) {
      var next = line ? line + " " + w : w;
      if (line && c.measureText(next).width > width) {
        lines.push(line);
        line = w;
      } else {
        line = next;
      }
    });
    if (line) { lines.push(line); }
    return lines;
  }

  function timelineEntries() {
    var out = [];
    document.querySelectorAll("#timeline .timeline-run").forEach(function (run) {
      var title = run.querySelector(".timeline-title");
      if (title) { out.push({ title: title.innerText.trim() }); }
      run.querySelectorAll("li").forEach(function (li) {
        out.push({ text: li.innerText.replace(/\s+/g, " ").trim(), colour: getComputedStyle(li).borderLeftColor });
      });
    });
    return out;
  }

  ns.exportPng = function (n, clock, description) {
    var graphs = visibleGraphs();
    if (!window.Plotly || graphs.length === 0) {
      return window.dash_clientside.no_update;
    }
    var scale = 2, W = PAGE_WIDTH;
    Promise.all(
      graphs.map(function (gd) {
        var h = Math.max(200, gd.offsetHeight);
        return window.Plotly.toImage(gd, { format: "png", width: W, height: h, scale: scale }).then(loadImage);
      })
    ).then(function (images) {
      var probe = document.createElement("canvas").getContext("2d");
      var lineH = 22, pad = 20, textW = W - 2 * pad - 12;
      probe.font = 16 + "px " + FONT;
      var entries = timelineEntries().map(function (e) {
        return e.title ? e : { text: e.text, colour: e.colour, lines: wrap(probe, e.text, textW) };
      });
      var tlHeight = entries.length ? 50 : 0;
      entries.forEach(function (e) { tlHeight += e.title ? 34 : e.lines.length * lineH + 8; });
      var header = 90;
      var chartsH = images.reduce(function (s, i) { return s + i.height / scale; }, 0);
      var height = header + chartsH + tlHeight + pad;
      var canvas = document.createElement("canvas");
      canvas.width = W * scale;
      canvas.height = Math.ceil(height * scale);
      var c = canvas.getContext("2d");
      c.scale(scale, scale);
      c.fillStyle = "#ffffff";
      c.fillRect(0, 0, W, height);
      c.fillStyle = "#000000";
      c.font = "bold 30px " + FONT;
      c.fillText("journeysim \u00b7 " + (clock || ""), pad, 40);
      c.font = "16px " + FONT;
      c.fillText(String(description || "").slice(0, 140), pad, 72);
      var y = header;
      images.forEach(function (img) {
        c.drawImage(img, 0, y, W, img.height / scale);
        y += img.height / scale;
      });
      if (entries.length) {
        c.font = "bold 22px " + FONT;
        c.fillText("What happened", pad, y + 32);
        y += 50;
      }
      entries.forEach(function (e) {
        if (e.title) {
          c.fillStyle = "#000000";
          c.font = "bold 18px " + FONT;
          c.fillText(e.title, pad, y + 24);
          y += 34;
          return;
        }
        var h = e.lines.length * lineH;
        c.fillStyle = e.colour || "#888888";
        c.fillRect(pad, y + 2, 5, h);
        c.fillStyle = "#000000";
        c.font = "16px " + FONT;
        e.lines.forEach(function (line, i) { c.fillText(line, pad + 12, y + 17 + i * lineH); });
        y += h + 8;
      });
      ns.lastExport = {
        width: canvas.width, height: canvas.height, scale: scale, charts: images.length,
        chartsHeight: chartsH * scale, timelineEntries: entries.length, timelineHeight: tlHeight * scale,
      };
      canvas.toBlob(function (blob) {
        var a = document.createElement("a");
        a.href = URL.createObjectURL(blob);
        a.download = "journeysim-view-" + String(clock || "now").replace(/\s+/g, "-") + ".png";
        document.body.appendChild(a);
        a.click();
        setTimeout(function () { URL.revokeObjectURL(a.href); a.remove(); }, 1000);
      }, "image/png");
    });
    return n;
  };

  // A message shown beside a control that is off screen is brought into view (never the whole page jumping).
  function watchFeedback() {
    var nodes = document.querySelectorAll(".feedback, #error, #message");
    if (nodes.length === 0) {
      setTimeout(watchFeedback, 300);
      return;
    }
    var observer = new MutationObserver(function (records) {
      records.forEach(function (r) {
        var el = r.target.nodeType === 1 ? r.target : r.target.parentElement;
        var box = el && el.closest(".feedback, #error, #message");
        if (box && box.textContent.trim()) {
          var rect = box.getBoundingClientRect();
          if (rect.top < 0 || rect.bottom > window.innerHeight) {
            box.scrollIntoView({ block: "nearest" });
          }
        }
      });
    });
    nodes.forEach(function (n) { observer.observe(n, { childList: true, subtree: true, characterData: true }); });
  }
  watchFeedback();

  // After Replay, bring the clock and the chart back into view: the replay is drawn there.
  document.addEventListener("click", function (ev) {
    var b = ev.target && ev.target.closest && ev.target.closest("#replay");
    if (b) {
      window.scrollTo({ top: 0 });
    }
  });

  // An intervention lands on the month on screen: the press carries the month the clock showed at the
  // click (read here, before any later play tick can redraw it); the server rebuilds the run if it ran ahead.
  var presses = 0;
  document.addEventListener("click", function (ev) {
    var b = ev.target && ev.target.closest && ev.target.closest("button[id^='intervene-']");
    if (!b || b.disabled || !window.dash_clientside || !window.dash_clientside.set_props) {
      return;
    }
    var shown = document.getElementById("clock").getAttribute("data-month");
    var month = shown === null || shown === "" ? null : parseInt(shown, 10);
    presses += 1;
    window.dash_clientside.set_props("press", {
      data: { kind: b.id.slice("intervene-".length), month: month, n: presses, t: Date.now() },
    });
  }, true);

  var KEYS = {
    p: "play", s: "step", y: "step-year", e: "to-end", a: "reset", w: "another-world", r: "replay",
    n: "fan-btn", g: "export-png", h: "export-html",
    c: "intervene-champion_leaves", f: "intervene-funding_cut", o: "intervene-reorganisation",
    l: "intervene-new_senior_leader", u: "intervene-start_succession_planning",
    t: "intervene-invest_in_training", m: "intervene-funding_boost",
  };

  document.addEventListener("keydown", function (ev) {
    if (ev.ctrlKey || ev.metaKey || ev.altKey || ev.repeat) {
      return;
    }
    var view = document.getElementById("journey-view");
    if (view && view.hidden) {
      return;  // the nation view is shown: a key press never plays, steps or changes the hidden journey
    }
    var t = ev.target;
    var tag = t && t.tagName;
    if (tag === "INPUT" || tag === "TEXTAREA" || tag === "SELECT" || (t && t.isContentEditable)) {
      return;
    }
    if (t && t.closest && t.closest("[role=combobox], [role=listbox], .dash-dropdown")) {
      return;
    }
    var id = KEYS[String(ev.key).toLowerCase()];
    var button = id && document.getElementById(id);
    if (button && !button.disabled) {
      ev.preventDefault();
      button.click();
    }
  });
})();
