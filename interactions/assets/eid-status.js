// Live status for the eID screens: asks the server every second for the current message and QR
// code, and reloads the page when the order is no longer pending so the server can finish it.
(function () {
  'use strict';
  var root = document.querySelector('[data-eid-status]');
  if (!root) return;
  var url = root.getAttribute('data-eid-status');
  var message = root.querySelector('[data-eid-message]');
  var qr = root.querySelector('[data-eid-qr]');
  function tick() {
    fetch(url, { headers: { accept: 'application/json' }, credentials: 'same-origin' })
      .then(function (response) {
        return response.ok ? response.json() : { state: 'reload' };
      })
      .then(function (status) {
        if (status.state !== 'pending') {
          window.location.reload();
          return;
        }
        if (message && message.textContent !== status.message) message.textContent = status.message;
        if (qr && status.qr) {
          qr.innerHTML = status.qr;
          qr.setAttribute('data-qr-content', status.qrContent);
        }
        setTimeout(tick, 1000);
      })
      .catch(function () {
        setTimeout(tick, 2000);
      });
  }
  setTimeout(tick, 1000);
})();
