// Tell the site the visitor's time zone, so that times read as on their own clock.
// The server checks the name against its list of zones before using it.
(function () {
  "use strict";
  var zone;
  try {
    zone = Intl.DateTimeFormat().resolvedOptions().timeZone;
  } catch (error) {
    return;
  }
  // IANA names ("Asia/Baghdad") need no escaping; anything else is not a zone.
  if (!zone || zone.length > 64 || !/^[A-Za-z0-9_+\-\/]+$/.test(zone)) return;
  var cookie = "cop_tz=" + zone;
  if (document.cookie.split("; ").indexOf(cookie) !== -1) return;
  document.cookie = cookie + "; path=/; max-age=31536000; samesite=lax" +
    (location.protocol === "https:" ? "; secure" : "");
})();
