"""TilePairClient's ExistingMatchHelper (TilePairClient.java:607-713): pairs already stored in
--excludePairsInMatchCollection, loaded per layer's sectionIds and forgotten once a layer is done."""

from __future__ import annotations

from render_emulator.javaclient.data_client import ClientError, RenderDataClient, _segment
from render_emulator.javaclient.runner import log
from render_emulator.javaclient.tile_bounds_rtree import ordered_pair, pair_key
from renderapi._java import java_number_text


class ExistingMatchHelper:
    """The existing pairs of the layers loaded so far, in the order render loads them."""

    def __init__(self, client: RenderDataClient, values: dict, owner: str, min_z: float, max_z: float):
        self.client = client
        self.values = values
        self.owner = owner
        params = {"minZ": java_number_text(min_z), "maxZ": java_number_text(max_z)}
        self.z_to_section_ids: dict[float, list[str]] = {}
        for section in client.get_json(f"{client.stack_url(values['stack'])}/sectionData", params=params):
            self.z_to_section_ids.setdefault(float(section["z"]), []).append(section["sectionId"])
        # pair key -> pGroupId; a LinkedHashSet in render, whose order decides what is forgotten
        self.existing: dict[tuple, str] = {}

    def add_existing_pairs(self, z: float) -> None:
        """TilePairClient.java:637-666."""
        collection = self.values["excludePairsInMatchCollection"]
        minimum = self.values["minExistingMatchCount"]
        collection_url = self.client.match_collection_url(collection, self.owner)
        for p_group_id in self.z_to_section_ids.get(z, []):
            url = f"{collection_url}/pGroup/{_segment(p_group_id)}/matches"
            for match in self.client.get_json(url, params={"excludeMatchDetails": "true"}):
                pair = ordered_pair({"groupId": match["pGroupId"], "id": match["pId"]},
                                    {"groupId": match["qGroupId"], "id": match["qId"]}, None)
                count = match.get("matchCount")
                if minimum != 0 and count is None:
                    raise ClientError(f"match collection {collection} is missing newer matchCount field "
                                      "which is required for the --minExistingMatchCount option")
                if minimum == 0 or count > minimum:
                    self.existing.setdefault(pair_key(pair), pair["p"]["groupId"])

    def remove_existing_pairs(self, z: float, current: dict[tuple, dict]) -> None:
        """TilePairClient.java:668-712: drop ``current`` pairs that exist (positions ignored), then forget
        the leading existing pairs whose pGroupId belongs to layer ``z``."""
        before = len(current)
        for key in list(current):
            pair = current[key]
            plain = ordered_pair({"groupId": pair["p"]["groupId"], "id": pair["p"]["id"]},
                                 {"groupId": pair["q"]["groupId"], "id": pair["q"]["id"]}, None)
            if pair_key(plain) in self.existing:
                del current[key]
        removed = before - len(current)
        log(f"removeExistingPairs: removed {removed} existing pairs for z {java_number_text(z)}")
        group_ids = self.z_to_section_ids.get(z)
        if group_ids is not None:
            for key in list(self.existing):
                if self.existing[key] not in group_ids:
                    break
                del self.existing[key]


def existing_match_helper(client: RenderDataClient, values: dict, min_z: float, max_z: float
                          ) -> ExistingMatchHelper | None:
    """The helper when --excludePairsInMatchCollection names an existing collection
    (TilePairClient.java:349-364), else None."""
    collection = values["excludePairsInMatchCollection"]
    if collection is None:
        return None
    owner = values["existingMatchOwner"] or values["owner"]
    names = {c.get("collectionId", {}).get("name")
             for c in client.get_json(f"{client.base_data_url}/owner/{_segment(owner)}/matchCollections")}
    if collection not in names:
        log(f"match collection {collection} does not exist for owner {owner}, no pairs excluded")
        return None
    return ExistingMatchHelper(client, values, owner, min_z, max_z)
