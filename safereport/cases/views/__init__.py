"""Staff views of cases: `cases` (list, inbox, case page, conversation) and
`casework` (dashboard, status, encounters, needs, care plan, summary sheet)."""
