package web

// HumanSpan is humanSpan for the tests of package web_test.
var HumanSpan = humanSpan
