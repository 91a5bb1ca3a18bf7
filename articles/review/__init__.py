"""Clinical review: submit, approve, return; the rule that publishing needs an approval."""
