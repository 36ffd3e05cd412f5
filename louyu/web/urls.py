from django.templatetags.static import static
from django.urls import path
from django.views.generic import RedirectView

from . import accounts, alerts, auth, buildings, search, cockpit, districts, enterprises, imports, maps, moves, registers

app_name = "web"
urlpatterns = [
    path("", cockpit.home, name="home"),
    path("favicon.ico", RedirectView.as_view(url=static("louyu/favicon.svg"), permanent=True)),
    path("accounts/login/", auth.LoginView.as_view(), name="login"),
    path("accounts/logout/", auth.LogoutView.as_view(), name="logout"),
    path("cockpit/", cockpit.cockpit, name="cockpit"),
    path("cockpit/screen/", cockpit.cockpit_screen, name="cockpit_screen"),
    path("districts/<int:pk>/", districts.district_detail, name="district_detail"),
    path("buildings/", buildings.BuildingListView.as_view(), name="building_list"),
    path("buildings/add/", buildings.BuildingEditView.as_view(), name="building_add"),
    path("buildings/<int:pk>/", buildings.BuildingDetailView.as_view(), name="building_detail"),
    path("buildings/<int:pk>/edit/", buildings.BuildingEditView.as_view(), name="building_edit"),
    path("buildings/<int:pk>/why/", buildings.building_why, name="building_why"),
    path("buildings/<int:pk>/tax-rows/", buildings.building_tax_rows, name="building_tax_rows"),
    path("projects/new/", registers.NewBuildingProjectListView.as_view(), name="new_project_list"),
    path("projects/new/add/", registers.NewBuildingProjectEditView.as_view(), name="new_project_add"),
    path("projects/new/<int:pk>/", registers.NewBuildingProjectDetailView.as_view(), name="new_project_detail"),
    path("projects/new/<int:pk>/edit/", registers.NewBuildingProjectEditView.as_view(), name="new_project_edit"),
    path("projects/renovation/", registers.RenovationProjectListView.as_view(), name="renovation_list"),
    path("projects/renovation/add/", registers.RenovationProjectEditView.as_view(), name="renovation_add"),
    path("projects/renovation/<int:pk>/", registers.RenovationProjectDetailView.as_view(), name="renovation_detail"),
    path("projects/renovation/<int:pk>/edit/", registers.RenovationProjectEditView.as_view(), name="renovation_edit"),
    path("enterprises/", enterprises.EnterpriseListView.as_view(), name="enterprise_list"),
    path("enterprises/add/", enterprises.EnterpriseEditView.as_view(), name="enterprise_add"),
    path("enterprises/<int:pk>/", enterprises.EnterpriseDetailView.as_view(), name="enterprise_detail"),
    path("enterprises/<int:pk>/edit/", enterprises.EnterpriseEditView.as_view(), name="enterprise_edit"),
    path("search/", search.search, name="search"),
    path("alerts/", alerts.alert_list, name="alert_list"),
    path("alerts/<int:pk>/", alerts.alert_detail, name="alert_detail"),
    path("alerts/<int:pk>/act/", alerts.alert_act, name="alert_act"),
    path("map/", maps.map_page, name="map"),
    path("map/buildings.json", maps.map_data, name="map_data"),
    path("imports/", imports.history, name="import_history"),
    path("imports/upload/", imports.upload, name="import_upload"),
    path("imports/<int:pk>/errors.csv", imports.batch_errors, name="import_errors"),
    path("imports/templates/<slug:kind>/", imports.template_download, name="import_template"),
    path("accounts/password/", accounts.PasswordChangeView.as_view(), name="password_change"),
    path("audit/", accounts.audit_log, name="audit_log"),
    path("enterprises/moves/", moves.district_moves, name="district_moves"),
    path("enterprises/moves/<int:pk>/decide/", moves.district_move_decide_view, name="district_move_decide"),
]
