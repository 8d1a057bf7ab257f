package web

import (
	"encoding/csv"
	"maps"
	"net/http"
	"slices"
	"strconv"
	"strings"
	"time"

	"github.com/socialcrm/socialcrm"
)

// salesRoutes registers the sales report and the Sales page.
func (s *Server) salesRoutes(mux *router) {
	mux.handle("GET /api/v1/reports/sales", PermRead, s.handleSalesReport)
	mux.page("GET /sales", PermRead, s.page("sales"))
}

// salesTables are the tables of the sales report's CSV form (table=).
var salesTables = []string{"funnel", "pipeline", "months", "segments"}

// salesFilter reads since (default 180 days before until), until (default
// now) and owner (me, none for the unassigned, or a user ID).
func salesFilter(r *http.Request, q *query) socialcrm.SalesReportFilter {
	f := socialcrm.SalesReportFilter{Until: q.now, Now: q.now}
	if u := q.time("until"); u != nil {
		f.Until = *u
	}
	f.Since = f.Until.Add(-180 * 24 * time.Hour)
	if since := q.time("since"); since != nil {
		f.Since = *since
	}
	f.Owner = q.owner()
	return f
}

// handleSalesReport answers the sales report as JSON or, with format=csv,
// one of its tables as CSV.
func (s *Server) handleSalesReport(w http.ResponseWriter, r *http.Request) {
	q := newQuery(r)
	f := salesFilter(r, q)
	format, table := "json", "funnel"
	if v := q.str("format"); v != nil {
		format = *v
		if format != "json" && format != "csv" {
			q.fail(socialcrm.Invalidf("parameter format=%q: want json or csv", format))
		}
	}
	if v := q.str("table"); v != nil {
		table = *v
		if !slices.Contains(salesTables, table) || format != "csv" {
			q.fail(socialcrm.Invalidf("parameter table=%q: want one of %s, with format=csv", table, strings.Join(salesTables, ", ")))
		}
	}
	if q.err == nil {
		q.fail(f.Validate())
	}
	if q.err != nil {
		s.writeError(w, r, q.err)
		return
	}
	rep, err := s.Store.SalesReport(r.Context(), f)
	if err != nil {
		s.writeError(w, r, err)
		return
	}
	rep.OrderPipeline(s.stages())
	rep.Convert(s.fx())
	if format == "json" {
		writeJSON(w, http.StatusOK, rep)
		return
	}
	w.Header().Set("Content-Type", "text/csv; charset=utf-8")
	w.Header().Set("Content-Disposition", `attachment; filename="sales-`+table+`.csv"`)
	cw := csv.NewWriter(w)
	for _, row := range salesCSV(rep, table) {
		_ = cw.Write(row)
	}
	cw.Flush()
}

// major writes an amount in minor units in major units of its currency.
func major(amount int64, currency string) string {
	o := socialcrm.Opportunity{Amount: amount, Currency: currency}
	return strconv.FormatFloat(o.Value(), 'f', -1, 64)
}

// amounts writes amounts per currency as "10000 EUR;5000.5 USD", by
// currency.
func amounts(by map[string]int64) string {
	var out []string
	for _, c := range slices.Sorted(maps.Keys(by)) {
		out = append(out, major(by[c], c)+" "+c)
	}
	return strings.Join(out, ";")
}

// salesCSV is one table of the report, its header first. Amounts are in
// major units of their currency; with rates, the pipeline ends with a
// total row and the months have won_total and lost_total columns, in the
// base currency without the currencies in Totals.Missing.
func salesCSV(rep *socialcrm.SalesReport, table string) [][]string {
	num := func(p *float64) string {
		if p == nil {
			return ""
		}
		return strconv.FormatFloat(*p, 'f', 4, 64)
	}
	itoa := strconv.Itoa
	switch table {
	case "pipeline":
		out := [][]string{{"stage", "probability", "currency", "count", "amount", "weighted"}}
		for _, p := range rep.Pipeline {
			out = append(out, []string{p.Stage, itoa(p.Probability), p.Currency, itoa(p.Count), major(p.Amount, p.Currency), major(p.Weighted, p.Currency)})
		}
		if t := rep.Totals; t != nil {
			out = append(out, []string{"total", "", t.Base, itoa(t.PipelineCount), major(t.PipelineAmount, t.Base), major(t.PipelineWeighted, t.Base)})
		}
		return out
	case "months":
		out := [][]string{{"month", "won", "lost", "won_amount", "lost_amount"}}
		t := rep.Totals
		if t != nil {
			out[0] = append(out[0], "won_total", "lost_total")
		}
		for i, m := range rep.Months {
			row := []string{m.Month, itoa(m.Won), itoa(m.Lost), amounts(m.WonAmount), amounts(m.LostAmount)}
			if t != nil && i < len(t.Months) {
				row = append(row, major(t.Months[i].WonAmount, t.Base)+" "+t.Base, major(t.Months[i].LostAmount, t.Base)+" "+t.Base)
			}
			out = append(out, row)
		}
		return out
	case "segments":
		out := [][]string{{"segment_id", "segment", "members", "positive_30d", "neutral_30d", "negative_30d", "open_cases"}}
		for _, g := range rep.Segments {
			out = append(out, []string{g.ID, g.Name, itoa(g.Members), itoa(g.Positive), itoa(g.Neutral), itoa(g.Negative), itoa(g.OpenCases)})
		}
		return out
	}
	out := [][]string{{"channel", "leads", "qualified", "converted", "won", "qualified_rate", "converted_rate", "won_rate", "overall_rate"}}
	for _, f := range append(slices.Clone(rep.Funnel), rep.FunnelTotal) {
		out = append(out, []string{f.Channel, itoa(f.Leads), itoa(f.Qualified), itoa(f.Converted), itoa(f.Won),
			num(f.QualifiedRate), num(f.ConvertedRate), num(f.WonRate), num(f.OverallRate)})
	}
	return out
}
