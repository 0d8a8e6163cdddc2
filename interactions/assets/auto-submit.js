// Presses the one button marked data-auto-submit once the page has loaded: a step the person has
// already decided on (a logout their service asked for). Without scripts the button stays there.
(function () {
  'use strict';
  var button = document.querySelector('[data-auto-submit]');
  if (button) button.click();
})();
