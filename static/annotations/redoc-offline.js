// The API reference (templates/drf_spectacular/redoc.html) loads nothing from another
// host. Redoc's sidebar shows a logo from Redocly's server whatever its options say;
// our Content-Security-Policy would refuse it and log a violation. Loaded before
// Redoc, this swaps any image address on another origin for an empty data: URL before
// the browser asks for it (an image that fails to decode is hidden by Redoc itself).
(function () {
  "use strict";
  var EMPTY = "data:,";

  function local(value) {
    try {
      var url = new URL(String(value), document.baseURI);
      return url.origin === window.location.origin || url.protocol === "data:" ||
        url.protocol === "blob:";
    } catch (error) {
      return true;
    }
  }

  var setAttribute = Element.prototype.setAttribute;
  Element.prototype.setAttribute = function (name, value) {
    if (this instanceof HTMLImageElement && String(name).toLowerCase() === "src" &&
        !local(value)) {
      value = EMPTY;
    }
    return setAttribute.call(this, name, value);
  };

  var src = Object.getOwnPropertyDescriptor(HTMLImageElement.prototype, "src");
  Object.defineProperty(HTMLImageElement.prototype, "src", {
    configurable: true,
    enumerable: src.enumerable,
    get: src.get,
    set: function (value) { src.set.call(this, local(value) ? value : EMPTY); }
  });
})();
