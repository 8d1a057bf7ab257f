package web

import (
	"bytes"
	"compress/gzip"
	"crypto/sha256"
	"embed"
	"encoding/hex"
	"fmt"
	"html/template"
	"io/fs"
	"mime"
	"net/http"
	"path"
	"strings"
)

// The dashboard is a server-rendered shell per page plus small vanilla
// scripts that read the JSON API; nothing is fetched from other hosts.
//
//go:embed templates/*.html static
var dashboardFS embed.FS

//go:embed openapi.json
var openAPIDoc []byte

// assets is the dashboard's templates and static files, loaded once.
var assets = mustLoadAssets(dashboardFS)

// pages lists the dashboard pages: template file, navigation tab, title.
var pages = []struct{ name, nav, title string }{
	{"overview", "overview", "Overview"},
	{"alerts", "alerts", "Alerts"},
	{"cases", "cases", "Cases"},
	{"reports", "reports", "Reports"},
	{"contacts", "contacts", "Contacts"},
	{"contact", "contacts", "Contact"},
	{"accounts", "accounts", "Accounts"},
	{"account", "accounts", "Account"},
	{"leads", "leads", "Leads"},
	{"lead", "leads", "Lead"},
	{"pipeline", "pipeline", "Pipeline"},
	{"opportunity", "pipeline", "Opportunity"},
	{"sales", "sales", "Sales"},
	{"signin", "signin", "Sign in"},
	{"audit", "audit", "Audit trail"},
	{"segments", "segments", "Segments"},
	{"tasks", "tasks", "My tasks"},
}

// staticFile is one embedded static file with its precomputed forms.
type staticFile struct {
	body  []byte
	gz    []byte // nil when compression does not pay
	ctype string
}

// dashAssets holds the parsed page templates and the static files by their
// content-hashed names.
type dashAssets struct {
	pages  map[string]*template.Template
	files  map[string]staticFile // hashed name → file
	hashed map[string]string     // plain name → /static/hashed name
}

// pageData is what a page template is rendered with.
type pageData struct {
	Page  string
	Nav   string
	Title string
	ID    string // the record a detail page shows
	Demo  bool   // the demo's burst control is offered
	SSO   bool   // single sign-on is offered on the sign-in page
}

// mustLoadAssets hashes the static files and parses every page with the
// layout. The assets are compiled in, so an error is a programming error.
func mustLoadAssets(fsys fs.FS) *dashAssets {
	a, err := loadAssets(fsys)
	if err != nil {
		panic(err)
	}
	return a
}

func loadAssets(fsys fs.FS) (*dashAssets, error) {
	a := &dashAssets{pages: map[string]*template.Template{},
		files: map[string]staticFile{}, hashed: map[string]string{}}
	err := fs.WalkDir(fsys, "static", func(p string, d fs.DirEntry, err error) error {
		if err != nil || d.IsDir() {
			return err
		}
		body, err := fs.ReadFile(fsys, p)
		if err != nil {
			return err
		}
		name := strings.TrimPrefix(p, "static/")
		sum := sha256.Sum256(body)
		ext := path.Ext(name)
		hashedName := strings.TrimSuffix(name, ext) + "." + hex.EncodeToString(sum[:6]) + ext
		a.files[hashedName] = staticFile{body: body, gz: gzipped(body), ctype: mime.TypeByExtension(ext)}
		a.hashed[name] = "/static/" + hashedName
		return nil
	})
	if err != nil {
		return nil, fmt.Errorf("web: static files: %w", err)
	}
	funcs := template.FuncMap{"static": a.staticURL}
	for _, p := range pages {
		t, err := template.New("layout.html").Funcs(funcs).ParseFS(fsys, "templates/layout.html", "templates/"+p.name+".html")
		if err != nil {
			return nil, fmt.Errorf("web: page %s: %w", p.name, err)
		}
		a.pages[p.name] = t
	}
	return a, nil
}

// staticURL returns the content-hashed URL of a static file.
func (a *dashAssets) staticURL(name string) (string, error) {
	u, ok := a.hashed[name]
	if !ok {
		return "", fmt.Errorf("web: no static file %q", name)
	}
	return u, nil
}

func gzipped(body []byte) []byte {
	if len(body) < 1024 {
		return nil
	}
	var b bytes.Buffer
	zw, _ := gzip.NewWriterLevel(&b, gzip.BestCompression)
	_, _ = zw.Write(body)
	_ = zw.Close()
	if b.Len() >= len(body) {
		return nil
	}
	return b.Bytes()
}

// dashboardRoutes registers the dashboard pages, their static files and the
// OpenAPI document.
func (s *Server) dashboardRoutes(mux *router) {
	mux.page("GET /{$}", PermRead, s.page("overview"))
	mux.page("GET /alerts", PermRead, s.page("alerts"))
	mux.page("GET /alerts/{id}", PermRead, s.page("alerts"))
	mux.page("GET /cases", PermRead, s.page("cases"))
	mux.page("GET /contacts", PermRead, s.page("contacts"))
	mux.page("GET /contacts/{id}", PermRead, s.page("contact"))
	mux.page("GET /accounts", PermRead, s.page("accounts"))
	mux.page("GET /accounts/{id}", PermRead, s.page("account"))
	mux.page("GET /leads", PermRead, s.page("leads"))
	mux.page("GET /leads/{id}", PermRead, s.page("lead"))
	mux.page("GET /pipeline", PermRead, s.page("pipeline"))
	mux.page("GET /opportunities/{id}", PermRead, s.page("opportunity"))
	mux.page("GET /tasks", PermRead, s.page("tasks"))
	mux.handle("GET /static/{file}", PermPublic, handleStatic)
	mux.handle("GET /api/v1/openapi.json", PermPublic, handleOpenAPI)
}

// page renders the shell of a dashboard page; its script fills it from the
// API.
func (s *Server) page(name string) http.HandlerFunc {
	t := assets.pages[name]
	data := pageData{Page: name}
	for _, p := range pages {
		if p.name == name {
			data.Nav, data.Title = p.nav, p.title
		}
	}
	return func(w http.ResponseWriter, r *http.Request) {
		d := data
		d.ID, d.Demo, d.SSO = r.PathValue("id"), s.Demo != nil, s.OIDC != nil
		var b bytes.Buffer
		if err := t.Execute(&b, d); err != nil {
			s.writeError(w, r, fmt.Errorf("web: render %s: %w", name, err))
			return
		}
		h := w.Header()
		h.Set("Content-Type", "text/html; charset=utf-8")
		h.Set("Cache-Control", "no-cache")
		_, _ = w.Write(b.Bytes())
	}
}

// handleStatic serves a static file by its content-hashed name, cached for
// a year: a changed file gets a new name.
func handleStatic(w http.ResponseWriter, r *http.Request) {
	f, ok := assets.files[r.PathValue("file")]
	if !ok {
		http.NotFound(w, r)
		return
	}
	h := w.Header()
	h.Set("Content-Type", f.ctype)
	h.Set("Cache-Control", "public, max-age=31536000, immutable")
	h.Set("Vary", "Accept-Encoding")
	body := f.body
	if f.gz != nil && acceptsGzip(r) {
		h.Set("Content-Encoding", "gzip")
		body = f.gz
	}
	h.Set("Content-Length", fmt.Sprint(len(body)))
	_, _ = w.Write(body)
}

func acceptsGzip(r *http.Request) bool {
	for _, part := range strings.Split(r.Header.Get("Accept-Encoding"), ",") {
		enc, q, _ := strings.Cut(strings.TrimSpace(part), ";")
		if strings.TrimSpace(enc) == "gzip" && strings.ReplaceAll(strings.TrimSpace(q), " ", "") != "q=0" {
			return true
		}
	}
	return false
}

// handleOpenAPI serves the OpenAPI 3.1 description of /api/v1.
func handleOpenAPI(w http.ResponseWriter, r *http.Request) {
	w.Header().Set("Content-Type", "application/json")
	w.Header().Set("Cache-Control", "no-cache")
	_, _ = w.Write(openAPIDoc)
}
