// Passkey forms (views/passkey-forms.ts): shows them where the browser can use passkeys, runs the
// WebAuthn ceremony when one is submitted (options from the server, answer into the hidden field,
// then the form is posted as usual), and offers passkeys in the username field's autofill.
(function () {
  'use strict';
  var W = window.SimpleWebAuthnBrowser;
  if (!W || !W.browserSupportsWebAuthn()) return;

  function options(form) {
    var body = new URLSearchParams();
    var csrf = form.querySelector('input[name=csrf]');
    if (csrf) body.set('csrf', csrf.value);
    return fetch(form.getAttribute('data-passkey-options'), {
      method: 'POST',
      body: body,
      credentials: 'same-origin',
      headers: { accept: 'application/json' },
    }).then(function (response) {
      if (!response.ok) throw new Error('options ' + response.status);
      return response.json();
    });
  }

  function post(form, answer) {
    form.querySelector('input[name=credential]').value = JSON.stringify(answer);
    HTMLFormElement.prototype.submit.call(form);
  }

  document.querySelectorAll('[data-passkey-unsupported]').forEach(function (note) {
    note.hidden = true;
  });
  document.querySelectorAll('form[data-passkey]:not([data-passkey=autofill])').forEach(function (form) {
    var error = form.querySelector('[data-passkey-error]');
    var button = form.querySelector('button[type=submit]');
    form.hidden = false;
    form.addEventListener('submit', function (event) {
      event.preventDefault();
      if (error) error.hidden = true;
      if (button) button.disabled = true;
      var register = form.getAttribute('data-passkey') === 'register';
      options(form)
        .then(function (optionsJSON) {
          return register
            ? W.startRegistration({ optionsJSON: optionsJSON })
            : W.startAuthentication({ optionsJSON: optionsJSON });
        })
        .then(function (answer) {
          post(form, answer);
        })
        .catch(function () {
          if (button) button.disabled = false;
          if (error) {
            error.hidden = false;
            error.setAttribute('tabindex', '-1');
            error.focus();
          }
        });
    });
  });

  var autofill = document.querySelector('form[data-passkey=autofill]');
  if (autofill) {
    W.browserSupportsWebAuthnAutofill()
      .then(function (supported) {
        if (!supported) return;
        return options(autofill)
          .then(function (optionsJSON) {
            return W.startAuthentication({ optionsJSON: optionsJSON, useBrowserAutofill: true });
          })
          .then(function (answer) {
            post(autofill, answer);
          });
      })
      .catch(function () {
        /* The person typed a password instead, or chose a passkey button. */
      });
  }
})();
