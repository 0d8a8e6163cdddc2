// Live status for the eID screens: asks the server every second for the current message and QR
// code, and reloads the page when the order is no longer pending so the server can finish it.
(function () {
  'use strict';
  var root = document.querySelector('[data-eid-status]');
  if (!root) return;
  var url = root.getAttribute('data-eid-status');
  var message = root.querySelector('[data-eid-message]');
  var qr = root.querySelector('[data-eid-qr]');
  // Leaving the page (a closed tab, the back button) while the order waits cancels it at the
  // service, as the cancel button does. Not when this page moves on by itself or starts the app.
  var cancelForm = document.querySelector('form[action$="/cancel"]');
  var staying = false;
  document.addEventListener('submit', function () {
    staying = true;
  });
  // Starting the app does not leave the login; a tab closed a moment later still does.
  function startingApp() {
    staying = true;
    setTimeout(function () {
      staying = false;
    }, 3000);
  }
  root.addEventListener('click', function (event) {
    if (event.target.closest && event.target.closest('a.button')) startingApp();
  });
  window.addEventListener('pagehide', function () {
    if (staying || !cancelForm || !navigator.sendBeacon) return;
    // Form-encoded, as the cancel button posts it, token included.
    navigator.sendBeacon(cancelForm.action, new URLSearchParams(new FormData(cancelForm)));
  });
  // On a computer the app is started at once, and only once per start: a return to this page from
  // the app must not open it again.
  var launch = root.querySelector('[data-eid-launch]');
  if (launch) {
    var href = launch.getAttribute('href');
    var key = 'portvakt-launched:' + href;
    if (!window.sessionStorage.getItem(key)) {
      window.sessionStorage.setItem(key, '1');
      startingApp();
      window.location.href = href;
    }
  }
  function tick() {
    fetch(url, { headers: { accept: 'application/json' }, credentials: 'same-origin' })
      .then(function (response) {
        return response.ok ? response.json() : { state: 'reload' };
      })
      .then(function (status) {
        if (status.state !== 'pending') {
          staying = true;
          window.location.reload();
          return;
        }
        if (message && message.textContent !== status.message) message.textContent = status.message;
        if (qr && status.qr) {
          qr.innerHTML = status.qr;
          qr.setAttribute('data-qr-content', status.qrContent);
        } else if (qr) {
          // The app has picked the order up: there is nothing left to scan.
          var figure = qr.closest('figure');
          if (figure) figure.hidden = true;
        }
        setTimeout(tick, 1000);
      })
      .catch(function () {
        setTimeout(tick, 2000);
      });
  }
  setTimeout(tick, 1000);
})();
