// Masking of personal fields at the source (DESIGN invariant 8): names and addresses.
#pragma once

#include <string>
#include <string_view>

namespace sunlight::core {

// Keeps the surname (compound ones such as 欧阳 whole) and the last character, masks the rest:
// 张小华 → 张*华, 李明 → 李*, 欧阳小华 → 欧阳*华, 欧阳华 → 欧阳*. Separators of minority names
// (·) stay in place: 买买提·艾力 → 买**·*力. A one-character input becomes "*".
[[nodiscard]] std::string mask_name(std::string_view name);

// Cuts an address after its group (社 or 组, preceded by a number): "龙兴镇和平村3社27号" →
// "龙兴镇和平村3社"; "空港社区5组12栋" → "空港社区5组". When no group marker is found the
// address says too much or too little to trust, so `fallback` (the region's full name from the
// tree, already at group or village level) is returned instead.
[[nodiscard]] std::string mask_address(std::string_view address, std::string_view fallback);

}  // namespace sunlight::core
