package dev.modelyard.api;

import dev.modelyard.base.InvalidInputException;
import java.util.List;
import org.springframework.data.domain.PageRequest;
import org.springframework.data.domain.Pageable;
import org.springframework.data.domain.Slice;
import org.springframework.data.domain.Sort;

/** The paging envelope of every list: {@code items} and {@code hasNext}. */
record PageResponse<T>(List<T> items, boolean hasNext, int page, int size) {

    static final int DEFAULT_SIZE = 50;
    static final int MAX_SIZE = 1000;
    static final long MAX_OFFSET = Integer.MAX_VALUE;

    static <T> PageResponse<T> of(Slice<T> slice) {
        return new PageResponse<>(slice.getContent(), slice.hasNext(), slice.getNumber(), slice.getSize());
    }

    /** Reads {@code page}, {@code size} and {@code sort} ("field" or "field,desc", repeatable). */
    static Pageable pageable(Integer page, Integer size, List<String> sort) {
        int p = page == null ? 0 : page;
        int s = size == null ? DEFAULT_SIZE : size;
        if (p < 0) {
            throw new InvalidInputException("page", "page starts at 0");
        }
        if (s < 1 || s > MAX_SIZE) {
            throw new InvalidInputException("size", "size is between 1 and " + MAX_SIZE);
        }
        // the database takes the offset (page × size) as an int: beyond it, Spring Data failed with a 500
        if ((long) p * s > MAX_OFFSET) {
            throw new InvalidInputException("page", "page × size must not exceed " + MAX_OFFSET
                    + "; narrow the search instead of paging that deep");
        }
        Sort order = Sort.unsorted();
        if (sort != null) {
            for (String field : sort) {
                String[] parts = field.split(",");
                Sort.Direction dir = parts.length > 1 && parts[1].equalsIgnoreCase("desc")
                        ? Sort.Direction.DESC : Sort.Direction.ASC;
                order = order.and(Sort.by(dir, parts[0]));
            }
        }
        return PageRequest.of(p, s, order);
    }
}
