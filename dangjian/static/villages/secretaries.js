// The phone sign-in page: fill the hidden coordinates from the browser's location when the user allows it.
(function () {
  "use strict";
  var forms = document.querySelectorAll(".dj-signin-form");
  if (!forms.length || !navigator.geolocation) {
    return;
  }
  navigator.geolocation.getCurrentPosition(
    function (position) {
      forms.forEach(function (form) {
        form.querySelector(".dj-lat").value = position.coords.latitude.toFixed(6);
        form.querySelector(".dj-lng").value = position.coords.longitude.toFixed(6);
        form.querySelector(".dj-geo-status").textContent = "已获取当前位置";
      });
    },
    function () {
      forms.forEach(function (form) {
        form.querySelector(".dj-geo-status").textContent = "未获取位置,可直接签到";
      });
    },
    { timeout: 8000, maximumAge: 600000 }
  );
})();
