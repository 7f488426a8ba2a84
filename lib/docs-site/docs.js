// The API reference: Swagger UI over openapi.json, calling the API on this page's origin (the local
// suite serves both) with the token typed above, kept for this browser tab only.
(function () {
  var input = document.getElementById('token');
  input.value = sessionStorage.getItem('api-token') || '';
  input.addEventListener('input', function () {
    sessionStorage.setItem('api-token', input.value.trim());
  });
  fetch('./openapi.json')
    .then(function (response) {
      return response.json();
    })
    .then(function (spec) {
      spec.servers = [{ url: window.location.origin, description: 'this host' }].concat(spec.servers || []);
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
