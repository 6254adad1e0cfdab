/* journeysim dashboard: the switch between one service's journey and the nation view.
 *
 * - showView: show one view and hide the other (also on opening the page at #nation);
 * - while the nation view is shown, the journey's single-key shortcuts are off, so a key
 *   press never plays, steps or changes the hidden journey.
 */
(function () {
  "use strict";
  var ns = (window.journeysim = window.journeysim || {});

  ns.showView = function (nJourney, nNation) {
    var trig = window.dash_clientside.callback_context.triggered_id;
    var nation = trig ? trig === "view-nation" : window.location.hash === "#nation";
    if (trig) {
      history.replaceState(null, "", nation ? "#nation" : window.location.pathname);
    }
    return [
      nation, !nation,
      nation ? "false" : "true", nation ? "true" : "false",
      nation ? "view-btn" : "view-btn selected", nation ? "view-btn selected" : "view-btn",
    ];
  };

  window.addEventListener(
    "keydown",
    function (ev) {
      var journey = document.getElementById("journey-view");
      if (!journey || !journey.hidden || ev.ctrlKey || ev.metaKey || ev.altKey || !/^[a-z]$/i.test(ev.key)) {
        return;
      }
      var t = ev.target;
      var tag = t && t.tagName;
      if (tag === "INPUT" || tag === "TEXTAREA" || tag === "SELECT" || (t && t.isContentEditable)) {
        return;
      }
      if (t && t.closest && t.closest("[role=combobox], [role=listbox], .dash-dropdown")) {
        return;
      }
      ev.stopPropagation();  // the journey's shortcuts listen further along
    },
    true
  );
})();
