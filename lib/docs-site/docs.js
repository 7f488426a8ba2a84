// The API reference: Swagger UI over openapi.json, calling the API with the token typed above, kept for
// this browser tab only. Deployed beside the console, it calls the API URL of the console's config.json;
// locally (no apiUrl there) the API is this page's own origin.
(function () {
  var input = document.getElementById('token');
  input.value = sessionStorage.getItem('api-token') || '';
  input.addEventListener('input', function () {
    sessionStorage.setItem('api-token', input.value.trim());
  });
  var apiUrl = fetch('../console/config.json')
    .then(function (response) {
      return response.ok ? response.json() : {};
    })
    .then(function (config) {
      return config.apiUrl || window.location.origin;
    })
    .catch(function () {
      return window.location.origin;
    });
  Promise.all([fetch('./openapi.json').then(function (response) {
    return response.json();
  }), apiUrl])
    .then(function (loaded) {
      var spec = loaded[0];
      spec.servers = [{ url: loaded[1], description: 'this deployment' }].concat(spec.servers || []);
      window.ui = SwaggerUIBundle({
        spec: spec,
        dom_id: '#swagger-ui',
        deepLinking: true,
        requestInterceptor: function (request) {
          var token = sessionStorage.getItem('api-token');
          if (token) request.headers.Authorization = 'Bearer ' + token;
          return request;
        },
      });
    });
})();
