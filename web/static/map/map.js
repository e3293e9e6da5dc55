/* The map on the search, neighbourhood and service pages (web/templates/pages/_map.html).
 *
 * It adds where the listed places are for those who can see a map; the list on the page stays the
 * complete alternative, so nothing here is needed to use the site. The points, the tile address and
 * the labels come from the map element's data- attributes: the Content-Security-Policy allows no
 * inline script.
 *
 * Places whose markers would overlap at the current zoom share one numbered marker whose popup lists
 * them all, so every marker is a whole target of at least 24 by 24 pixels (WCAG 2.2, 2.5.8).
 * Keyboard: the map itself takes focus (arrow keys pan, + and - zoom), each marker is a button that
 * opens its popup with Enter, focus moves into the popup and returns to the marker when Escape closes it.
 */
(function () {
  "use strict";

  var element = document.getElementById("map");
  var L = window.L;
  if (!element || !L) {
    return;
  }

  // A default marker is 25 x 41 pixels standing on its point, a group marker 30 x 30: markers closer
  // than this (in pixels, across and up) would overlap, so they are grouped.
  var GROUP_ACROSS = 34;
  var GROUP_UP = 45;

  function readPoints() {
    var points;
    try {
      points = JSON.parse(element.getAttribute("data-map-points") || "[]");
    } catch (error) {
      return [];
    }
    if (!Array.isArray(points)) {
      return [];
    }
    return points.filter(function (point) {
      return point && isFinite(point.lat) && isFinite(point.lng) && typeof point.url === "string";
    });
  }

  function placeLink(point) {
    var item = document.createDocumentFragment();
    var link = document.createElement("a");
    link.href = point.url;
    link.textContent = point.name;
    item.appendChild(link);
    if (point.place) {
      var place = document.createElement("span");
      place.className = "map__place";
      place.textContent = point.place;
      item.appendChild(place);
    }
    return item;
  }

  function popupContent(group) {
    var box = document.createElement("div");
    box.className = "map__popup";
    box.setAttribute("dir", "auto");
    if (group.length === 1) {
      box.appendChild(placeLink(group[0]));
      return box;
    }
    var list = document.createElement("ul");
    list.className = "map__list";
    group.forEach(function (point) {
      var item = document.createElement("li");
      item.appendChild(placeLink(point));
      list.appendChild(item);
    });
    box.appendChild(list);
    return box;
  }

  var points = readPoints();
  if (!points.length) {
    return;
  }
  element.hidden = false; // Leaflet measures the element, so it must be shown first
  var note = document.getElementById("map-note");
  if (note) {
    note.hidden = false;
  }

  L.Icon.Default.imagePath = element.getAttribute("data-images");
  var map = L.map(element, {
    scrollWheelZoom: false, // scrolling the page over the map scrolls the page
    dragging: !L.Browser.mobile, // one finger scrolls the page on a phone; two fingers zoom the map
    zoomControl: false
  });
  L.control
    .zoom({
      zoomInTitle: element.getAttribute("data-zoom-in"),
      zoomOutTitle: element.getAttribute("data-zoom-out")
    })
    .addTo(map);
  map.attributionControl.setPrefix('<a href="https://leafletjs.com">Leaflet</a>');
  L.tileLayer(element.getAttribute("data-tile-url"), {
    attribution: element.getAttribute("data-attribution"),
    maxZoom: 19,
    subdomains: "abc"
  }).addTo(map);

  var closeLabel = element.getAttribute("data-close");
  var groupLabel = element.getAttribute("data-group") || "";
  var lastMarker = null;

  function markerFor(group) {
    var names = group.map(function (point) {
      return point.name;
    });
    var marker;
    if (group.length === 1) {
      marker = L.marker([group[0].lat, group[0].lng], { alt: names[0], keyboard: true });
    } else {
      marker = L.marker([group[0].lat, group[0].lng], {
        keyboard: true,
        icon: L.divIcon({
          className: "map__group",
          html: String(group.length),
          iconSize: [30, 30],
          iconAnchor: [15, 30],
          popupAnchor: [0, -30]
        })
      });
      marker.on("add", function () {
        marker.getElement().setAttribute("aria-label", groupLabel + " " + names.join(", "));
      });
    }
    marker.bindPopup(popupContent(group), { maxHeight: 180 }); // a long list scrolls inside the map
    marker.on("popupopen", function (event) {
      var popup = event.popup.getElement();
      var close = popup && popup.querySelector(".leaflet-popup-close-button");
      if (close && closeLabel) {
        close.setAttribute("aria-label", closeLabel);
        close.setAttribute("title", closeLabel);
      }
      var icon = marker.getElement();
      if (icon && document.activeElement === icon) {
        // Opened from the keyboard: move to the first link, and come back here when the popup closes.
        lastMarker = marker;
        var link = popup.querySelector(".map__popup a");
        if (link) {
          link.focus({ preventScroll: true });
        }
      }
    });
    marker.on("popupclose", function (event) {
      if (lastMarker !== marker) {
        return;
      }
      lastMarker = null;
      // Back to the marker, unless focus has already moved on (to another marker, say).
      var active = document.activeElement;
      var popup = event.popup.getElement();
      var icon = marker.getElement();
      if (icon && (!active || active === document.body || (popup && popup.contains(active)))) {
        icon.focus({ preventScroll: true });
      }
    });
    return marker;
  }

  function groupsAtThisZoom() {
    var groups = [];
    points.forEach(function (point) {
      var at = map.latLngToLayerPoint([point.lat, point.lng]);
      for (var i = 0; i < groups.length; i++) {
        if (Math.abs(groups[i].at.x - at.x) < GROUP_ACROSS && Math.abs(groups[i].at.y - at.y) < GROUP_UP) {
          groups[i].points.push(point);
          return;
        }
      }
      groups.push({ at: at, points: [point] });
    });
    return groups;
  }

  var markers = L.layerGroup().addTo(map);
  function draw() {
    markers.clearLayers();
    groupsAtThisZoom().forEach(function (group) {
      markers.addLayer(markerFor(group.points));
    });
  }

  // Leaflet closes a popup on Escape only while the map itself has focus; this covers the popup's link.
  element.addEventListener("keydown", function (event) {
    if (event.key === "Escape" && event.target.closest && event.target.closest(".leaflet-popup")) {
      map.closePopup();
    }
  });

  var bounds = points.map(function (point) {
    return [point.lat, point.lng];
  });
  if (bounds.length === 1) {
    map.setView(bounds[0], 16);
  } else {
    map.fitBounds(bounds, { padding: [24, 24], maxZoom: 16 });
  }
  draw();
  map.on("zoomend", draw);
})();
