// "Toutes" and "Aucune" buttons of a long list of checkboxes (the academies of a campaign) tick or
// untick every box at once, without sending the form. Without JavaScript they send it, and the page
// comes back with the boxes ticked or not, nothing saved. Loaded with defer.
/* global document, Element */
(function () {
  document.addEventListener('click', function (event) {
    var target = event.target;
    var button = target instanceof Element ? target.closest('button[data-check-all]') : null;
    if (!button) return;
    var group = document.getElementById(button.getAttribute('data-check-all'));
    if (!group) return;
    event.preventDefault();
    var tick = button.value === 'all';
    var boxes = group.querySelectorAll('input[type="checkbox"]');
    for (var i = 0; i < boxes.length; i++) boxes[i].checked = tick;
    var status = group.querySelector('[data-check-all-status]');
    if (status) status.textContent = button.getAttribute('data-status') || '';
  });
})();
