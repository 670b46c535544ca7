"""Models of the resources app, split by domain: staff, sites, equipment, consumables, information."""
from .base import BookableMixin, Condition, ResourceModel, ResourceQuerySet, organizations_editable_by
from .consumables import Consumable, ConsumableMovement, MovementKind, Unit
from .equipment import Equipment, EquipmentCategory, EquipmentType, LicenceType, Software, Tool
from .information import IctKind, IctResource, ReferenceKind, ReferenceResource
from .module_needs import ModuleEquipmentNeed, ModuleRoomNeed
from .sites import Accessibility, Room, Site, SiteKind, SitePhoto
from .staff import CompetencyLevel, DocumentKind, StaffCompetency, StaffDocument, StaffKind, StaffMember

__all__ = [
    "Accessibility", "BookableMixin", "CompetencyLevel", "Condition", "Consumable", "ConsumableMovement",
    "DocumentKind", "Equipment", "EquipmentCategory", "EquipmentType", "IctKind", "IctResource", "LicenceType",
    "ModuleEquipmentNeed", "ModuleRoomNeed", "MovementKind", "ReferenceKind", "ReferenceResource", "ResourceModel",
    "ResourceQuerySet", "Room", "Site",
    "SiteKind", "SitePhoto", "Software", "StaffCompetency", "StaffDocument", "StaffKind", "StaffMember", "Tool",
    "Unit", "organizations_editable_by",
]
