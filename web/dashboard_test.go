package web_test

import (
	"compress/gzip"
	"encoding/json"
	"go/ast"
	"go/parser"
	"go/token"
	"io"
	"net/http"
	"net/http/httptest"
	"path/filepath"
	"regexp"
	"slices"
	"strconv"
	"strings"
	"testing"

	"github.com/socialcrm/socialcrm/web"
)

// staticURL matches the content-hashed static URLs a page links to.
var staticURL = regexp.MustCompile(`/static/[a-z]+\.[0-9a-f]{12}\.(?:js|css|svg)`)

func TestDashboard_Pages(t *testing.T) {
	srv := httptest.NewServer((&web.Server{}).Handler())
	defer srv.Close()
	for _, path := range []string{"/", "/alerts", "/alerts/a1", "/contacts", "/contacts/c1", "/accounts", "/accounts/acc1"} {
		t.Run(path, func(t *testing.T) {
			res, body := get(t, srv.URL+path, nil)
			if res.StatusCode != http.StatusOK {
				t.Fatalf("GET %s: %s", path, res.Status)
			}
			if ct := res.Header.Get("Content-Type"); !strings.HasPrefix(ct, "text/html") {
				t.Errorf("Content-Type = %q", ct)
			}
			if csp := res.Header.Get("Content-Security-Policy"); !strings.Contains(csp, "script-src 'self'") {
				t.Errorf("Content-Security-Policy = %q", csp)
			}
			urls := staticURL.FindAllString(body, -1)
			if len(urls) < 4 {
				t.Fatalf("page links %d hashed static files, want at least 4: %v", len(urls), urls)
			}
			for _, u := range urls {
				res, _ := get(t, srv.URL+u, nil)
				if res.StatusCode != http.StatusOK {
					t.Errorf("GET %s: %s", u, res.Status)
				}
				if cc := res.Header.Get("Cache-Control"); !strings.Contains(cc, "immutable") {
					t.Errorf("GET %s: Cache-Control = %q", u, cc)
				}
			}
			if strings.Contains(body, "http://") || strings.Contains(body, "https://") {
				t.Errorf("page refers to another host")
			}
		})
	}
	t.Run("ErrNotFound", func(t *testing.T) {
		for _, p := range []string{"/static/app.000000000000.js", "/static/nothing.js", "/nowhere"} {
			if res, _ := get(t, srv.URL+p, nil); res.StatusCode != http.StatusNotFound {
				t.Errorf("GET %s: %s, want 404", p, res.Status)
			}
		}
	})
}

func TestDashboard_StaticGzip(t *testing.T) {
	srv := httptest.NewServer((&web.Server{}).Handler())
	defer srv.Close()
	_, page := get(t, srv.URL+"/", nil)
	var js string
	for _, u := range staticURL.FindAllString(page, -1) {
		if strings.Contains(u, "/app.") && strings.HasSuffix(u, ".js") {
			js = u
		}
	}
	if js == "" {
		t.Fatal("overview links no app.js")
	}
	_, plain := get(t, srv.URL+js, nil)
	res, zipped := get(t, srv.URL+js, map[string]string{"Accept-Encoding": "gzip"})
	if res.Header.Get("Content-Encoding") != "gzip" {
		t.Fatalf("Content-Encoding = %q, want gzip", res.Header.Get("Content-Encoding"))
	}
	if len(zipped) >= len(plain) {
		t.Errorf("gzip body %d bytes, plain %d", len(zipped), len(plain))
	}
	zr, err := gzip.NewReader(strings.NewReader(zipped))
	if err != nil {
		t.Fatal(err)
	}
	unzipped, err := io.ReadAll(zr)
	if err != nil {
		t.Fatal(err)
	}
	if string(unzipped) != plain {
		t.Error("gzip body differs from the plain file")
	}
}

// get fetches url without transparent decompression.
func get(t *testing.T, url string, header map[string]string) (*http.Response, string) {
	t.Helper()
	req, err := http.NewRequest(http.MethodGet, url, nil)
	if err != nil {
		t.Fatal(err)
	}
	for k, v := range header {
		req.Header.Set(k, v)
	}
	tr := &http.Transport{DisableCompression: true}
	defer tr.CloseIdleConnections()
	res, err := tr.RoundTrip(req)
	if err != nil {
		t.Fatal(err)
	}
	defer res.Body.Close()
	b, err := io.ReadAll(res.Body)
	if err != nil {
		t.Fatal(err)
	}
	return res, string(b)
}

// apiRoutes parses the web package's source and returns every route
// registered under /api/v1 as "METHOD /path".
func apiRoutes(t *testing.T) []string {
	t.Helper()
	files, err := filepath.Glob("*.go")
	if err != nil {
		t.Fatal(err)
	}
	var routes []string
	fset := token.NewFileSet()
	for _, name := range files {
		if strings.HasSuffix(name, "_test.go") {
			continue
		}
		f, err := parser.ParseFile(fset, name, nil, 0)
		if err != nil {
			t.Fatal(err)
		}
		ast.Inspect(f, func(n ast.Node) bool {
			call, ok := n.(*ast.CallExpr)
			if !ok || len(call.Args) == 0 {
				return true
			}
			sel, ok := call.Fun.(*ast.SelectorExpr)
			if !ok || (sel.Sel.Name != "HandleFunc" && sel.Sel.Name != "Handle") {
				return true
			}
			lit, ok := call.Args[0].(*ast.BasicLit)
			if !ok || lit.Kind != token.STRING {
				return true
			}
			pattern, _ := strconv.Unquote(lit.Value)
			method, path, ok := strings.Cut(pattern, " ")
			if !ok {
				t.Errorf("%s: route %q has no method", fset.Position(lit.Pos()), pattern)
				return true
			}
			if strings.HasPrefix(path, "/api/v1/") {
				routes = append(routes, method+" "+strings.TrimSuffix(path, "{$}"))
			}
			return true
		})
	}
	return routes
}

func TestOpenAPI_CoversRoutes(t *testing.T) {
	srv := httptest.NewServer((&web.Server{}).Handler())
	defer srv.Close()
	res, body := get(t, srv.URL+"/api/v1/openapi.json", nil)
	if res.StatusCode != http.StatusOK || res.Header.Get("Content-Type") != "application/json" {
		t.Fatalf("GET /api/v1/openapi.json: %s %s", res.Status, res.Header.Get("Content-Type"))
	}
	var doc struct {
		OpenAPI    string                                `json:"openapi"`
		Paths      map[string]map[string]json.RawMessage `json:"paths"`
		Components struct {
			Schemas map[string]json.RawMessage `json:"schemas"`
		} `json:"components"`
	}
	if err := json.Unmarshal([]byte(body), &doc); err != nil {
		t.Fatalf("openapi.json: %v", err)
	}
	if !strings.HasPrefix(doc.OpenAPI, "3.1.") {
		t.Errorf("openapi = %q, want 3.1.x", doc.OpenAPI)
	}
	var documented []string
	ids := map[string]bool{}
	for path, ops := range doc.Paths {
		for method, raw := range ops {
			var op struct {
				OperationID string                     `json:"operationId"`
				Responses   map[string]json.RawMessage `json:"responses"`
			}
			if err := json.Unmarshal(raw, &op); err != nil {
				t.Fatalf("%s %s: %v", method, path, err)
			}
			if op.OperationID == "" || ids[op.OperationID] || len(op.Responses) == 0 {
				t.Errorf("%s %s: operationId %q missing or repeated, or no responses", method, path, op.OperationID)
			}
			ids[op.OperationID] = true
			documented = append(documented, strings.ToUpper(method)+" "+path)
		}
	}
	routes := apiRoutes(t)
	if len(routes) < 5 {
		t.Fatalf("found only %d /api/v1 routes in the source: %v", len(routes), routes)
	}
	for _, r := range routes {
		if !slices.Contains(documented, r) {
			t.Errorf("route %s is not in openapi.json", r)
		}
	}
	for _, d := range documented {
		if !slices.Contains(routes, d) {
			t.Errorf("openapi.json documents %s, which no handler serves", d)
		}
	}
	for _, ref := range regexp.MustCompile(`"#/components/schemas/([A-Za-z]+)"`).FindAllStringSubmatch(body, -1) {
		if _, ok := doc.Components.Schemas[ref[1]]; !ok {
			t.Errorf("$ref to missing schema %s", ref[1])
		}
	}
}
