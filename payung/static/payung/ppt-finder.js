// "Lokasi saya" on the PPT finder: sorts the posts by distance from the phone's position.
// The position is read and used here only: this script sends nothing anywhere (no request,
// no form, no link carries it). Each post carries its kelurahan's label point as
// data-lat / data-lng, so the distance is straight-line and approximate. Without JavaScript,
// or where the browser cannot locate the phone, the section stays hidden and the page
// still lists and searches every post.
// Loaded as a file from our own origin: the CSP allows no inline script.
(function () {
  "use strict";
  var section = document.getElementById("lokasi");
  if (!section || !("geolocation" in navigator)) return;
  var button = document.getElementById("lokasi-saya");
  var status = document.getElementById("lokasi-status");
  var list = document.getElementById("lokasi-hasil");
  var lang = document.documentElement.lang || "id";
  section.hidden = false;

  function radians(deg) {
    return (deg * Math.PI) / 180;
  }

  // Great-circle distance in km (haversine).
  function distance(lat1, lng1, lat2, lng2) {
    var dLat = radians(lat2 - lat1);
    var dLng = radians(lng2 - lng1);
    var a =
      Math.sin(dLat / 2) * Math.sin(dLat / 2) +
      Math.cos(radians(lat1)) * Math.cos(radians(lat2)) * Math.sin(dLng / 2) * Math.sin(dLng / 2);
    return 6371 * 2 * Math.atan2(Math.sqrt(a), Math.sqrt(1 - a));
  }

  function show(lat, lng) {
    var posts = Array.prototype.slice.call(document.querySelectorAll("article.post-entry[data-lat]"));
    var rows = posts.map(function (post) {
      var heading = post.querySelector("h3, h4, h5");
      return {
        id: post.id,
        name: heading ? heading.textContent.trim() : post.id,
        km: distance(lat, lng, parseFloat(post.getAttribute("data-lat")), parseFloat(post.getAttribute("data-lng"))),
      };
    });
    rows.sort(function (a, b) {
      return a.km - b.km;
    });
    list.textContent = "";
    rows.forEach(function (row) {
      var item = document.createElement("li");
      var link = document.createElement("a");
      link.href = "#" + row.id;
      link.textContent = row.name;
      item.appendChild(link);
      item.appendChild(
        document.createTextNode(" — " + row.km.toLocaleString(lang, { maximumFractionDigits: 1 }) + " km")
      );
      list.appendChild(item);
    });
    status.textContent = section.getAttribute("data-found");
    button.disabled = false;
  }

  button.addEventListener("click", function () {
    button.disabled = true;
    status.textContent = section.getAttribute("data-waiting");
    navigator.geolocation.getCurrentPosition(
      function (position) {
        show(position.coords.latitude, position.coords.longitude);
      },
      function () {
        status.textContent = section.getAttribute("data-failed");
        button.disabled = false;
      },
      { enableHighAccuracy: false, timeout: 20000, maximumAge: 600000 }
    );
  });
})();
