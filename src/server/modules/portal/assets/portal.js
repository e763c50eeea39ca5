/* global document, window */
// Progressive enhancements of the public portal. Every page works without this file:
// the 大字 switch is a link that sets a cookie on the server, the feedback form posts
// as a plain form, and the poster prints from the browser's menu.
(function () {
  'use strict';
  var COOKIE = 'tz_font';
  var root = document.documentElement;

  function remember(large) {
    document.cookie = COOKIE + '=' + (large ? 'large' : 'normal') + '; path=/public; max-age=31536000; samesite=lax';
  }

  // 大字: switch at once, remember it for every portal page (the server reads the cookie too).
  var toggles = document.querySelectorAll('[data-font-toggle]');
  function paint(large) {
    for (var i = 0; i < toggles.length; i++) {
      toggles[i].setAttribute('aria-pressed', large ? 'true' : 'false');
      toggles[i].textContent = large ? toggles[i].getAttribute('data-label-on') : toggles[i].getAttribute('data-label-off');
    }
  }
  for (var i = 0; i < toggles.length; i++) {
    toggles[i].setAttribute('role', 'button');
    toggles[i].addEventListener('click', function (event) {
      event.preventDefault();
      var large = !root.classList.contains('large');
      root.classList.toggle('large', large);
      remember(large);
      paint(large);
    });
  }

  // The feedback form: characters left, and one submission per click.
  var areas = document.querySelectorAll('textarea[data-counter]');
  for (var j = 0; j < areas.length; j++) {
    (function (area) {
      var out = document.getElementById(area.getAttribute('data-counter'));
      var max = Number(area.getAttribute('maxlength')) || 0;
      if (!out || !max) return;
      var update = function () {
        out.textContent = '还可输入 ' + (max - area.value.length) + ' 字';
      };
      area.addEventListener('input', update);
      update();
    })(areas[j]);
  }
  var forms = document.querySelectorAll('form[data-once]');
  for (var k = 0; k < forms.length; k++) {
    forms[k].addEventListener('submit', function (event) {
      var button = event.target.querySelector('button[type=submit]');
      if (button) {
        window.setTimeout(function () {
          button.disabled = true;
        }, 0);
      }
    });
  }

  // The poster's print button (hidden without JavaScript).
  var prints = document.querySelectorAll('[data-print]');
  for (var n = 0; n < prints.length; n++) {
    prints[n].hidden = false;
    prints[n].addEventListener('click', function () {
      window.print();
    });
  }
})();
