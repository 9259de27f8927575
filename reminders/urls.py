from django.urls import path

from reminders import views

app_name = "reminders"

urlpatterns = [
    # What the daily reminder task sent (mounted at politikker/paamindelser/).
    path("", views.reminder_list, name="reminder_list"),
]
