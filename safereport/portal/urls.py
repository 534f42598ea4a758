from django.urls import path

from safereport.portal.views import evidence, mine, pages

app_name = "portal"

# Neutral words only: a path can show up in a shared phone's history.
urlpatterns = [
    path("", pages.home, name="home"),
    path("write/", pages.contact, name="contact"),
    path("back/", pages.come_back, name="come_back"),
    path("messages/", pages.conversation, name="conversation"),
    path("messages/send/", pages.send_message, name="send_message"),
    path("visit/", pages.appointment, name="appointment"),
    path("visit/answer/", pages.appointment_answer, name="appointment_answer"),
    path("close/", pages.end_session, name="end_session"),
    path("messages/choice/", pages.reporting_choice, name="reporting_choice"),
    path("help-now/", pages.help_now, name="help_now"),
    path("about/<slug:slug>/", pages.information, name="information"),
]

# The person's own data, under /<language>/mine/ (namespace "mine").
mine_urlpatterns = [
    path("", mine.overview, name="overview"),
    path("agree/", mine.give, name="give"),
    path("agree/check/", mine.give_check, name="give_check"),
    path("done/", mine.done, name="done"),
    path("take-back/", mine.withdraw, name="withdraw"),
    path("copy/", mine.download, name="download"),
    path("copy.pdf", mine.download_pdf, name="download_pdf"),
    path("private-note/", mine.sealed, name="sealed"),
    path("remove/", mine.erase, name="erase"),
    # What is kept from the examination (issue 14): neutral words in the path.
    path("kept/", evidence.kept, name="kept"),
    path("kept/choose/", evidence.kept_choice, name="kept_choice"),
    path("talk/", mine.police_talks, name="police_talks"),
    # A residence-rights procedure someone carries for the person (issue 16): neutral words in the path.
    path("steps/", mine.steps, name="steps"),
]
