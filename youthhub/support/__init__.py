"""Support given: the kinds of support an admin lists, and each time a worker gives one."""
