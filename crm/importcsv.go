package crm

import (
	"crypto/sha1"
	"encoding/csv"
	"encoding/hex"
	"errors"
	"fmt"
	"io"
	"regexp"
	"slices"
	"strconv"
	"strings"
	"time"

	"github.com/socialcrm/socialcrm"
)

// columns maps normalised CSV header names of HubSpot and Salesforce
// exports to the fields they fill.
var columns = map[string]string{
	"recordid": "id", "contactid": "id", "id": "id",
	"firstname": "first", "lastname": "last", "name": "name", "fullname": "name",
	"email": "email", "emailaddress": "email",
	"phone": "phone", "phonenumber": "phone", "mobilephone": "phone",
	"jobtitle": "title", "title": "title",
	"company": "company", "companyname": "company", "accountname": "company", "account": "company",
	"companydomain": "domain", "companydomainname": "domain", "website": "domain",
	"tier": "tier", "accounttier": "tier", "customertier": "tier",
	"annualrevenue": "value", "accountvalue": "value", "value": "value", "annualcontractvalue": "value",
	"tags": "tags", "labels": "tags",
	"accountid": "account_id", "companyid": "account_id",
	"lifecyclestage": "lifecycle", "lifecycle": "lifecycle",
	"contactowner": "owner", "owner": "owner", "ownerid": "owner",
	// The account's own stage, owner and tags, as export contacts writes them.
	"accountlifecyclestage": "acc_lifecycle", "accountstage": "acc_lifecycle",
	"accountowner": "acc_owner", "accounttags": "acc_tags", "accountcurrency": "currency", "currency": "currency",
	// Identities known by the network's user id only: "x:12345;mastodon:1099".
	"nativeids": "native_ids", "socialids": "native_ids",
	// Social identities: one column per network.
	"twitterusername": "net:x", "twitter": "net:x", "x": "net:x", "xhandle": "net:x",
	"mastodon": "net:mastodon", "mastodonhandle": "net:mastodon",
	"bluesky": "net:bluesky", "blueskyhandle": "net:bluesky",
	"reddit": "net:reddit", "redditusername": "net:reddit",
	"hackernews": "net:hackernews", "hnusername": "net:hackernews",
}

var nonAlnum = regexp.MustCompile(`[^a-z0-9]+`)

// normHeader folds "First Name", "first_name" and "FirstName" together.
func normHeader(h string) string { return nonAlnum.ReplaceAllString(strings.ToLower(h), "") }

// RowError is a CSV row that could not be imported.
type RowError struct {
	Line int
	Err  error
}

func (e RowError) Error() string { return fmt.Sprintf("line %d: %v", e.Line, e.Err) }

// RowNote is something an import did to a row other than taking it as is:
// a merge with another row or contact, or an identity it left where it was.
type RowNote struct {
	Line int
	Msg  string
}

func (n RowNote) String() string { return fmt.Sprintf("line %d: %s", n.Line, n.Msg) }

// Import is the result of reading a contacts CSV.
type Import struct {
	Contacts []*socialcrm.Contact
	Lines    []int // the line each contact was first read from
	Accounts []*socialcrm.Account
	Errors   []RowError // rows skipped, with the reason
	Notes    []RowNote  // rows merged into an earlier one, identities not moved
	Ignored  []string   // header columns that fill nothing
}

// ReadContactsCSV reads a HubSpot- or Salesforce-style contacts export.
// Invalid rows (no name or email, a malformed email, a field over its
// limit) are reported, not fatal; rows of the same contact (same id, or the
// same email in any case) are merged into the first and reported; a handle
// already on an earlier row's contact stays there and is reported. Accounts
// are made from the company column. A header without any known column, or
// malformed CSV (such as an unterminated quote), is an error naming its
// line.
func ReadContactsCSV(r io.Reader, now time.Time) (*Import, error) {
	cr := csv.NewReader(r)
	cr.FieldsPerRecord = -1
	cr.TrimLeadingSpace = true
	header, err := cr.Read()
	if err != nil {
		return nil, fmt.Errorf("crm: read header: %w", err)
	}
	fields := make([]string, len(header))
	known := 0
	imp := &Import{}
	for i, h := range header {
		fields[i] = columns[normHeader(strings.TrimPrefix(h, "\ufeff"))]
		if fields[i] != "" {
			known++
		} else {
			imp.Ignored = append(imp.Ignored, h)
		}
	}
	if known == 0 {
		return nil, socialcrm.Invalidf("crm: no known column in header %q (want e.g. First Name, Last Name, Email, Company, Twitter Username)", strings.Join(header, ","))
	}
	accounts := map[string]int{} // id → index in imp.Accounts
	rows := newRowIndex(imp)
	for {
		rec, err := cr.Read()
		if errors.Is(err, io.EOF) {
			break
		}
		if pe := (*csv.ParseError)(nil); errors.As(err, &pe) {
			return nil, socialcrm.Invalidf("crm: line %d: %v", pe.StartLine, pe.Err)
		}
		if err != nil {
			return nil, fmt.Errorf("crm: read: %w", err)
		}
		line, _ := cr.FieldPos(0)
		c, acc, err := contactFromRow(fields, rec, now)
		if err == nil {
			err = c.Validate()
		}
		if err == nil && acc != nil {
			err = acc.CheckFields()
		}
		if err != nil {
			imp.Errors = append(imp.Errors, RowError{Line: line, Err: err})
			continue
		}
		if acc != nil {
			if n, ok := accounts[acc.ID]; ok {
				mergeAccount(imp.Accounts[n], acc)
			} else {
				accounts[acc.ID] = len(imp.Accounts)
				imp.Accounts = append(imp.Accounts, acc)
			}
			c.AccountID = acc.ID
		}
		rows.add(c, line)
	}
	return imp, nil
}

func mergeAccount(dst, src *socialcrm.Account) {
	if dst.Tier == "" {
		dst.Tier = src.Tier
	}
	if src.Value > dst.Value {
		dst.Value = src.Value
	}
	if dst.Domain == "" {
		dst.Domain = src.Domain
	}
	if dst.Currency == "" {
		dst.Currency = src.Currency
	}
	if dst.Lifecycle == "" {
		dst.Lifecycle = src.Lifecycle
	}
	if dst.Owner == "" {
		dst.Owner = src.Owner
	}
	for _, t := range src.Tags {
		if !slices.Contains(dst.Tags, t) {
			dst.Tags = append(dst.Tags, t)
		}
	}
}

// stage reads a lifecycle stage as written by people ("Former Customer")
// or by an export ("former_customer").
func stage(s string) string { return strings.ReplaceAll(strings.ToLower(s), " ", "_") }

// splitTags splits a tags cell at semicolons and commas.
func splitTags(s string) []string {
	var out []string
	for _, t := range strings.FieldsFunc(s, func(r rune) bool { return r == ';' || r == ',' }) {
		if t = strings.TrimSpace(t); t != "" {
			out = append(out, t)
		}
	}
	return out
}

// addNativeIdentities reads a Native IDs cell into c: entries
// "network:id", "network:id=handle" or "network:=handle" separated by
// semicolons. An entry with the handle of an identity from a network
// column gives it its native id; any other is a new identity.
func addNativeIdentities(c *socialcrm.Contact, s string) error {
	for _, e := range strings.Split(s, ";") {
		if e = strings.TrimSpace(e); e == "" {
			continue
		}
		net, rest, ok := strings.Cut(e, ":")
		id, handle, _ := strings.Cut(rest, "=")
		net, id, handle = strings.ToLower(strings.TrimSpace(net)), strings.TrimSpace(id), NormalizeHandle(handle)
		if !ok || net == "" || id == "" && handle == "" {
			return socialcrm.Invalidf("native id %q: want network:id or network:id=handle, such as x:12345=alice", e)
		}
		i := slices.IndexFunc(c.Identities, func(x socialcrm.Identity) bool {
			return handle != "" && x.Network == net && x.NativeID == "" && socialcrm.HandleKey(x.Handle) == socialcrm.HandleKey(handle)
		})
		if i >= 0 {
			c.Identities[i].NativeID = id
			continue
		}
		c.Identities = append(c.Identities, socialcrm.Identity{Network: net, Handle: handle, NativeID: id})
	}
	return nil
}

func contactFromRow(fields, rec []string, now time.Time) (*socialcrm.Contact, *socialcrm.Account, error) {
	v := map[string]string{}
	c := &socialcrm.Contact{CreatedAt: now, UpdatedAt: now}
	for i, val := range rec {
		if i >= len(fields) || fields[i] == "" {
			continue
		}
		val = strings.TrimSpace(val)
		if val == "" {
			continue
		}
		if net, ok := strings.CutPrefix(fields[i], "net:"); ok { // handles; several are split by ";"
			for _, h := range strings.Split(val, ";") {
				if h = strings.TrimSpace(h); h != "" {
					c.Identities = append(c.Identities, socialcrm.Identity{Network: net, Handle: NormalizeHandle(h)})
				}
			}
			continue
		}
		v[fields[i]] = val
	}
	c.Name = v["name"]
	if c.Name == "" {
		c.Name = strings.TrimSpace(v["first"] + " " + v["last"])
	}
	c.Email, c.Phone, c.Title = strings.ToLower(v["email"]), v["phone"], v["title"]
	c.Lifecycle, c.Owner = stage(v["lifecycle"]), v["owner"]
	if c.Name == "" {
		c.Name = c.Email
	}
	if c.Name == "" {
		return nil, nil, socialcrm.Invalidf("no name and no email")
	}
	c.Tags = splitTags(v["tags"])
	if err := addNativeIdentities(c, v["native_ids"]); err != nil {
		return nil, nil, err
	}
	c.ID = v["id"]
	if c.ID == "" {
		c.ID = "c-" + shortHash(strings.ToLower(c.Email+"|"+c.Name))
	}
	company := v["company"]
	if company == "" {
		c.AccountID = v["account_id"] // an account the store has, or nothing
		return c, nil, nil
	}
	accID := v["account_id"]
	if accID == "" {
		accID = "acc-" + shortHash(strings.ToLower(company))
	}
	acc := &socialcrm.Account{ID: accID, Name: company,
		Domain: v["domain"], Tier: strings.ToLower(v["tier"]), Lifecycle: stage(v["acc_lifecycle"]), Owner: v["acc_owner"],
		Tags: splitTags(v["acc_tags"]), Currency: strings.ToUpper(v["currency"]), CreatedAt: now, UpdatedAt: now}
	if s := v["value"]; s != "" {
		f, err := strconv.ParseFloat(strings.NewReplacer(",", "", "$", "", "€", "", "£", "").Replace(s), 64)
		if err != nil || f < 0 {
			return nil, nil, socialcrm.Invalidf("account value %q is not a number", s)
		}
		acc.Value = f
	}
	return c, acc, nil
}

func shortHash(s string) string {
	h := sha1.Sum([]byte(s))
	return hex.EncodeToString(h[:6])
}
