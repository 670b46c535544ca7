"""URLs of the admissions app."""
app_name = "admissions"
urlpatterns: list = []
