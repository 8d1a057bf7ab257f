package synthetic

import (
	"fmt"
	"strings"
)

// The demo's business customers (see IsCustomer) have full, varied names,
// so that contact lists read like a CRM's: every customer's name is its
// own. 23 and 19 are coprime, so the first 437 customers never repeat.
var (
	customerFirst = []string{"Amara", "Bastian", "Chloé", "Dmitri", "Elena", "Farid", "Grace", "Hiroshi", "Ines",
		"Jonas", "Kavya", "Lucas", "Maya", "Nikolai", "Olumide", "Priya", "Quentin", "Rosa", "Sven", "Tamsin",
		"Umar", "Valentina", "Wen"}
	customerLast = []string{"Okafor", "Lindqvist", "Moreau", "Ivanova", "García", "Haddad", "O'Neill", "Tanaka",
		"Ferreira", "Becker", "Raman", "Rossi", "Kowalski", "Nakamura", "Adeyemi", "Schmidt", "Dubois",
		"Mensah", "Walsh"}
)

// customerName is the full name of the k-th customer and a handle made
// from it: "Priya Raman", "priyaraman".
func customerName(k, i int) (name, handle string) {
	first, last := customerFirst[k%len(customerFirst)], customerLast[k*7%len(customerLast)]
	name = first + " " + last
	h := strings.Map(func(r rune) rune {
		switch {
		case r >= 'a' && r <= 'z':
			return r
		case r == 'é':
			return 'e'
		case r == 'í':
			return 'i'
		}
		return -1
	}, strings.ToLower(name))
	return name, fmt.Sprintf("%s%d", h, i)
}
