"""Volunteer Police Cadet units: place, district, leaders, cadets, capacity, status and rolls."""
