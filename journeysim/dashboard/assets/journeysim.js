/* journeysim dashboard: browser-side helpers.
 *
 * - checkUpload: refuse an over-size scenario file before it is sent, with a clear message;
 * - exportPng: the charts of the current view as one PNG (plotly's toImage, composed on a canvas);
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

  ns.exportPng = function (n, clock, description) {
    var graphs = visibleGraphs();
    if (!window.Plotly || graphs.length === 0) {
      return window.dash_clientside.no_update;
    }
    var scale = 2;
    Promise.all(
      graphs.map(function (gd) {
        return window.Plotly.toImage(gd, { format: "png", width: gd.offsetWidth, height: gd.offsetHeight, scale: scale })
          .then(loadImage);
      })
    ).then(function (images) {
      var header = 90 * scale;
      var width = Math.max.apply(null, images.map(function (i) { return i.width; }));
      var height = header + images.reduce(function (s, i) { return s + i.height; }, 0);
      var canvas = document.createElement("canvas");
      canvas.width = width;
      canvas.height = height;
      var c = canvas.getContext("2d");
      c.fillStyle = "#ffffff";
      c.fillRect(0, 0, width, height);
      c.fillStyle = "#000000";
      c.font = "bold " + 30 * scale + "px Verdana, DejaVu Sans, Arial, sans-serif";
      c.fillText("journeysim \u00b7 " + (clock || ""), 20 * scale, 40 * scale);
      c.font = 16 * scale + "px Verdana, DejaVu Sans, Arial, sans-serif";
      c.fillText(String(description || "").slice(0, 140), 20 * scale, 72 * scale);
      var y = header;
      images.forEach(function (img) {
        c.drawImage(img, 0, y);
        y += img.height;
      });
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
