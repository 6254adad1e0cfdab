/* journeysim dashboard: the switch between one service's journey and the nation view.
 *
 * showView: show one view and hide the other (also on opening the page at #nation). While the
 * nation view is shown, the journey's single-key shortcuts are off (see journeysim.js).
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
})();
