package web

import (
	"encoding/csv"
	"net/http"
	"strconv"
	"time"

	"github.com/socialcrm/socialcrm"
	"github.com/socialcrm/socialcrm/crm"
)

// reportRoutes registers the reports and their page.
func (s *Server) reportRoutes(mux *router) {
	if s.Reports == nil {
		s.Reports = crm.NewReports(s.Store)
	}
	mux.handle("GET /api/v1/reports/sla", PermRead, s.handleSLAReport)
	mux.page("GET /reports", PermRead, s.page("reports"))
}

// handleSLAReport answers the SLA report of the cases opened between
// since (default a week before until) and until (default now), as JSON or,
// with format=csv, as CSV.
func (s *Server) handleSLAReport(w http.ResponseWriter, r *http.Request) {
	q := newQuery(r)
	f := socialcrm.SLAReportFilter{GroupBy: socialcrm.GroupByChannel, Until: q.now}
	if g := q.str("group_by"); g != nil {
		f.GroupBy = *g
	}
	if u := q.time("until"); u != nil {
		f.Until = *u
	}
	f.Since = f.Until.Add(-7 * 24 * time.Hour)
	if since := q.time("since"); since != nil {
		f.Since = *since
	}
	format := "json"
	if v := q.str("format"); v != nil {
		format = *v
		if format != "json" && format != "csv" {
			q.fail(socialcrm.Invalidf("parameter format=%q: want json or csv", format))
		}
	}
	if q.err != nil {
		s.writeError(w, r, q.err)
		return
	}
	rep, err := s.Reports.SLAReport(r.Context(), f)
	if err != nil {
		s.writeError(w, r, err)
		return
	}
	if format == "json" {
		writeJSON(w, http.StatusOK, rep)
		return
	}
	w.Header().Set("Content-Type", "text/csv; charset=utf-8")
	w.Header().Set("Content-Disposition", `attachment; filename="sla-report-`+f.GroupBy+`.csv"`)
	cw := csv.NewWriter(w)
	_ = cw.Write(slaCSVHeader)
	for _, row := range append(rep.Rows, rep.Total) {
		_ = cw.Write(slaCSVRow(row))
	}
	cw.Flush()
}

var slaTargetNames = []string{socialcrm.TargetFirstResponse, socialcrm.TargetNextResponse, socialcrm.TargetResolution}

var slaCSVHeader = func() []string {
	h := []string{"group", "cases"}
	for _, t := range slaTargetNames {
		h = append(h, t+"_hit", t+"_missed", t+"_open", t+"_attainment")
	}
	return append(h, "first_response_median_seconds", "first_response_p90_seconds",
		"resolution_median_seconds", "resolution_p90_seconds", "backlog", "breaches")
}()

func slaCSVRow(r socialcrm.SLAReportRow) []string {
	num := func(p *float64, prec int) string {
		if p == nil {
			return ""
		}
		return strconv.FormatFloat(*p, 'f', prec, 64)
	}
	out := []string{r.Group, strconv.Itoa(r.Cases)}
	for _, t := range slaTargetNames {
		a := r.Attainment[t]
		out = append(out, strconv.Itoa(a.Hit), strconv.Itoa(a.Missed), strconv.Itoa(a.Open), num(a.Rate, 4))
	}
	return append(out, num(r.FirstResponse.Median, 0), num(r.FirstResponse.P90, 0),
		num(r.Resolution.Median, 0), num(r.Resolution.P90, 0), strconv.Itoa(r.Backlog), strconv.Itoa(r.Breaches))
}
