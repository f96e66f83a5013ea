// Results page: a ticked or unticked filter box submits the search form at once, as the "Appliquer
// les filtres" button does without JavaScript (same fields, so the same URL). Loaded with defer.
/* global document, HTMLInputElement */
(function () {
  var panel = document.getElementById('filtres');
  var form = panel && panel.closest('form');
  if (!form) return;
  var notice = panel.querySelector('.ccr-filters__auto');
  if (notice) notice.hidden = false;
  panel.addEventListener('change', function (event) {
    var target = event.target;
    if (target instanceof HTMLInputElement && target.type === 'checkbox') {
      if (form.requestSubmit) form.requestSubmit();
      else form.submit();
    }
  });
})();
